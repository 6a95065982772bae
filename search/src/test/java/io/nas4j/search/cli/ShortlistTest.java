package io.nas4j.search.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShortlistTest {

  @Test
  void theBestOfEachDepthComesFirstThenTheNextBest() {
    // ranks 1-5 are one-convolution nets, rank 6 has two, rank 9 has four
    List<Integer> depths = List.of(1, 1, 1, 1, 1, 2, 1, 2, 4, 3);
    assertEquals(List.of(1, 6, 9, 10), Shortlist.pick(depths, 4));
    assertEquals(List.of(1, 6), Shortlist.pick(depths, 2));
    assertEquals(List.of(1, 2, 6, 9, 10), Shortlist.pick(depths, 5));
  }

  @Test
  void fewerCandidatesThanTheShortlistAreAllTaken() {
    assertEquals(List.of(1, 2, 3), Shortlist.pick(List.of(2, 2, 1), 4));
    assertEquals(List.of(), Shortlist.pick(List.of(), 3));
    assertEquals(List.of(1, 2, 3), Shortlist.pick(List.of(3, 3, 3), 3));
  }
}
