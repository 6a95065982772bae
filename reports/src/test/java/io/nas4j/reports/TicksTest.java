package io.nas4j.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TicksTest {

  @Test
  void linearTicksAreRoundMultiplesInsideTheRange() {
    Ticks accuracy = Ticks.linear(0.836, 0.885, 5);
    assertEquals(List.of(0.84, 0.85, 0.86, 0.87, 0.88), accuracy.values());
    assertEquals("0.85", accuracy.label(0.85));
    Ticks minutes = Ticks.linear(0, 55.8, 6);
    assertEquals(List.of(0.0, 10.0, 20.0, 30.0, 40.0, 50.0), minutes.values());
    assertEquals("30", minutes.label(30));
    Ticks candidates = Ticks.linear(1, 14.25, 6);
    assertEquals(List.of(2.0, 4.0, 6.0, 8.0, 10.0, 12.0, 14.0), candidates.values());
    assertEquals(List.of(-0.5, 0.0, 0.5), Ticks.linear(-0.6, 0.6, 3).values());
  }

  @Test
  void logTicksArePowersOfTenWithTwoAndFiveOnShortRanges() {
    Ticks macs = Ticks.log(40_000, 3_000_000);
    assertEquals(List.of(5e4, 1e5, 2e5, 5e5, 1e6, 2e6), macs.values());
    assertEquals("100k", macs.label(1e5));
    assertEquals("2M", macs.label(2e6));
    assertEquals(List.of(1e3, 1e4, 1e5, 1e6, 1e7), Ticks.log(500, 2e7).values());
  }

  @Test
  void stepsAreOneTwoOrFiveTimesAPowerOfTen() {
    assertEquals(0.01, Ticks.step(0.009), 1e-15);
    assertEquals(2, Ticks.step(1.5), 1e-15);
    assertEquals(2, Ticks.step(2.5), 1e-15);
    assertEquals(5, Ticks.step(3.5), 1e-15);
    assertEquals(10, Ticks.step(7), 1e-15);
  }
}
