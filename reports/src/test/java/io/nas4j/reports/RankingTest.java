package io.nas4j.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nas4j.space.arch.Architecture;
import io.nas4j.space.arch.Notation;
import io.nas4j.space.arch.Optimizer;
import io.nas4j.space.arch.Shape;
import io.nas4j.space.arch.Training;
import io.nas4j.space.journal.CandidateEntry;
import io.nas4j.space.result.EpochScore;
import io.nas4j.space.result.EvaluationResult;
import io.nas4j.space.result.Status;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class RankingTest {

  static final Architecture ARCH =
      Architecture.of(
          Shape.of(1, 28, 28),
          Notation.parse("c3x8 relu | out10"),
          Training.of(Optimizer.ADAM, 1e-3, 32));

  static CandidateEntry entry(int index, Status status, double accuracy, long macs) {
    boolean trained = status == Status.OK || status == Status.PRUNED;
    EvaluationResult result =
        new EvaluationResult(
            status,
            trained ? List.of(new EpochScore(1, accuracy, 0.5, 0.5, 1)) : List.of(),
            trained ? OptionalInt.of(1) : OptionalInt.empty(),
            trained ? 1 : 0,
            "x",
            1,
            1,
            macs / 10,
            macs,
            "test",
            trained ? Optional.empty() : Optional.of("failed"));
    return new CandidateEntry(index, 0, List.of(), "k" + index, ARCH, 1, result);
  }

  @Test
  void ranksByAccuracyThenFewerMacsThenIndexAndLeavesOutFailures() {
    List<CandidateEntry> ranked =
        Ranking.rank(
            List.of(
                entry(0, Status.OK, 0.80, 100),
                entry(1, Status.FAILED, 0, 10),
                entry(2, Status.OK, 0.90, 500),
                entry(3, Status.PRUNED, 0.80, 50),
                entry(4, Status.OK, 0.80, 50),
                entry(5, Status.INVALID, 0, 1)));
    assertEquals(
        List.of("k2", "k3", "k4", "k0"), ranked.stream().map(CandidateEntry::key).toList());
  }

  static CandidateEntry atRung(int index, int rung, double accuracy) {
    CandidateEntry first = entry(index, Status.OK, accuracy, 100);
    return rung == 0 ? first : first.at(rung, first.result());
  }

  /**
   * Rungs >= 1 come before rung 0 whatever the accuracies; among them the accuracy at the highest
   * rung decides, not the rung (a rung-1 net that beat a rung-2 net's longer training ranks above
   * it); equal accuracies go to the higher rung.
   */
  @Test
  void aLongerTrainingRanksAboveTheProxyAndAmongLongerOnesAccuracyDecides() {
    List<CandidateEntry> ranked =
        Ranking.rank(
            List.of(
                atRung(0, 2, 0.86),
                atRung(1, 1, 0.89),
                atRung(2, 1, 0.86),
                atRung(3, 0, 0.95),
                atRung(4, 0, 0.80),
                atRung(5, 2, 0.90)));
    assertEquals(
        List.of("k5", "k1", "k0", "k2", "k3", "k4"),
        ranked.stream().map(CandidateEntry::key).toList());
    assertTrue(
        Ranking.score(1, atRung(6, 0, 0.0).result()) > Ranking.score(0, atRung(7, 0, 1.0).result()),
        "a rung-1 candidate at accuracy 0 still outranks a rung-0 one at 1");
  }

  @Test
  void paretoFrontKeepsTheUndominated() {
    List<CandidateEntry> front =
        Ranking.paretoFront(
            List.of(
                entry(0, Status.OK, 0.90, 1000),
                entry(1, Status.OK, 0.85, 200),
                entry(2, Status.OK, 0.85, 300), // dominated by 1
                entry(3, Status.OK, 0.70, 50),
                entry(4, Status.OK, 0.60, 60), // dominated by 3
                entry(5, Status.FAILED, 0, 1)),
            EvaluationResult::macs);
    assertEquals(List.of("k0", "k1", "k3"), front.stream().map(CandidateEntry::key).toList());
  }
}
