package io.nas4j.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nas4j.space.result.EpochScore;
import io.nas4j.space.result.EvaluationResult;
import io.nas4j.space.result.Status;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Promotion arithmetic of successive halving. */
class AshaTest {

  static EvaluationResult result(Status status, double accuracy) {
    boolean trained = status != Status.FAILED;
    return new EvaluationResult(
        status,
        trained ? List.of(new EpochScore(1, accuracy, 0.5, 0.5, 1)) : List.of(),
        trained ? OptionalInt.of(1) : OptionalInt.empty(),
        trained ? 1 : 0,
        "max-epochs",
        1,
        1,
        1,
        1,
        "fake",
        trained ? Optional.empty() : Optional.of("diverged"));
  }

  @Test
  void theTopThirdOfEachRungGoesOnWithEtaThree() {
    Asha asha = new Asha(3, 3);
    asha.finished("a", 0, result(Status.OK, 0.5));
    asha.finished("b", 0, result(Status.OK, 0.7));
    assertEquals(Optional.empty(), asha.next(), "2 results: floor(2/3) = 0 may go on");
    asha.finished("c", 0, result(Status.OK, 0.6));
    assertEquals(Optional.of(new Asha.Promotion("b", 1)), asha.next(), "3 results: the best");
    asha.started("b", 1);
    assertEquals(Optional.empty(), asha.next(), "b is on its way; the top 1 of 3 is used up");
    for (String k : List.of("d", "e", "f")) {
      asha.finished(k, 0, result(Status.OK, 0.1));
    }
    // 6 results: the top 2 are b (gone on) and c
    assertEquals(Optional.of(new Asha.Promotion("c", 1)), asha.next());
    asha.started("c", 1);
    asha.finished("b", 1, result(Status.OK, 0.8));
    asha.finished("c", 1, result(Status.OK, 0.75));
    assertEquals(Optional.empty(), asha.next(), "rung 1 has 2 results: none goes on to rung 2");
    asha.finished("g", 0, result(Status.OK, 0.9));
    asha.finished("h", 0, result(Status.OK, 0.05));
    asha.finished("i", 0, result(Status.OK, 0.05));
    // 9 results at rung 0: top 3 = g, b, c; g is new
    assertEquals(Optional.of(new Asha.Promotion("g", 1)), asha.next());
    asha.started("g", 1);
    asha.finished("g", 1, result(Status.OK, 0.85));
    // rung 1 has 3 results: g (0.85) goes on to rung 2 first, the highest rung first
    assertEquals(Optional.of(new Asha.Promotion("g", 2)), asha.next());
    asha.started("g", 2);
    asha.finished("g", 2, result(Status.OK, 0.9));
    assertEquals(Optional.empty(), asha.next(), "rung 2 is the top: nothing goes beyond");
    assertEquals(9, asha.finishedAt(0));
    assertEquals(3, asha.finishedAt(1));
    assertEquals(1, asha.finishedAt(2));
  }

  @Test
  void failedTrainingsCountButNeverGoOnAndTiesGoToTheEarlier() {
    Asha asha = new Asha(2, 2);
    asha.finished("x", 0, result(Status.FAILED, 0));
    asha.finished("y", 0, result(Status.FAILED, 0));
    assertEquals(Optional.empty(), asha.next(), "the top 1 of 2 failed");
    asha.finished("p", 0, result(Status.OK, 0.5));
    asha.finished("q", 0, result(Status.OK, 0.5));
    // 4 results, top 2: p and q tie; p finished first
    assertEquals(Optional.of(new Asha.Promotion("p", 1)), asha.next());
  }

  @Test
  void oneRungPromotesNothing() {
    Asha asha = new Asha(1, 3);
    for (int i = 0; i < 10; i++) {
      asha.finished("k" + i, 0, result(Status.OK, i / 10.0));
    }
    assertEquals(Optional.empty(), asha.next());
  }

  @Test
  void withPeerGroupsTheTopOfEachGroupGoesOn() {
    Map<String, Integer> groups =
        Map.of("s1", 1, "s2", 1, "s3", 1, "d1", 5, "d2", 5, "d3", 5, "m1", 2, "m2", 2);
    Asha asha = new Asha(2, 3, groups::get);
    asha.finished("s1", 0, result(Status.OK, 0.90));
    asha.finished("s2", 0, result(Status.OK, 0.85));
    asha.finished("d1", 0, result(Status.OK, 0.70));
    asha.finished("d2", 0, result(Status.OK, 0.60));
    asha.finished("m1", 0, result(Status.OK, 0.99));
    assertEquals(
        Optional.empty(), asha.next(), "no group has 3 results yet, though the rung has 5");
    asha.finished("s3", 0, result(Status.OK, 0.80));
    asha.finished("d3", 0, result(Status.OK, 0.50));
    // 7 results: all peers would promote m1 and s1; each group's top third is s1 and d1
    assertEquals(Optional.of(new Asha.Promotion("s1", 1)), asha.next());
    asha.started("s1", 1);
    assertEquals(Optional.of(new Asha.Promotion("d1", 1)), asha.next(), "the deep group's best");
    asha.started("d1", 1);
    assertEquals(Optional.empty(), asha.next(), "m1 is the best but has only 1 peer");
    asha.finished("m2", 0, result(Status.OK, 0.10));
    assertEquals(Optional.empty(), asha.next(), "2 results in m1's group: floor(2/3) = 0");

    Asha all = new Asha(2, 3);
    for (String k : List.of("s1", "s2", "d1", "d2", "m1", "s3", "d3")) {
      all.finished(k, 0, result(Status.OK, k.equals("m1") ? 0.99 : groups.get(k) == 1 ? 0.9 : 0.5));
    }
    assertEquals(
        Optional.of(new Asha.Promotion("m1", 1)), all.next(), "one group: the rung's best");
  }

  /**
   * Groups offset the proxy's bias at rung 0 only: from rung 1 up the rung's best goes on, whatever
   * its group (per group, floor(n_g / eta) would let none of these go on, and would send a weak
   * group's best on where a strong group has better ones left).
   */
  @Test
  void peerGroupsCountAtRungZeroOnly() {
    Map<String, Integer> groups =
        Map.of("s1", 1, "s2", 1, "s3", 1, "s4", 1, "d1", 5, "d2", 5, "d3", 5);
    Asha asha = new Asha(3, 3, groups::get);
    asha.finished("s1", 0, result(Status.OK, 0.90));
    asha.finished("s2", 0, result(Status.OK, 0.89));
    asha.finished("s3", 0, result(Status.OK, 0.88));
    asha.finished("d1", 0, result(Status.OK, 0.60));
    asha.finished("d2", 0, result(Status.OK, 0.50));
    asha.finished("d3", 0, result(Status.OK, 0.40));
    assertEquals(Optional.of(new Asha.Promotion("s1", 1)), asha.next());
    asha.started("s1", 1);
    assertEquals(Optional.of(new Asha.Promotion("d1", 1)), asha.next(), "the deep group's best");
    asha.started("d1", 1);
    asha.finished("s4", 0, result(Status.OK, 0.95));
    assertEquals(Optional.of(new Asha.Promotion("s4", 1)), asha.next(), "4 in its group: top 1");
    asha.started("s4", 1);
    asha.finished("s1", 1, result(Status.OK, 0.80));
    asha.finished("d1", 1, result(Status.OK, 0.85));
    assertEquals(Optional.empty(), asha.next(), "rung 1 has 2 results: floor(2/3) = 0");
    asha.finished("s4", 1, result(Status.OK, 0.82));
    assertEquals(
        Optional.of(new Asha.Promotion("d1", 2)), asha.next(), "rung 1's best of 3, any group");
  }
}
