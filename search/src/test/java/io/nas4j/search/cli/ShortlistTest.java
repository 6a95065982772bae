package io.nas4j.search.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nas4j.space.result.EpochScore;
import io.nas4j.space.result.EvaluationResult;
import io.nas4j.space.result.Status;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
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

  @Test
  void trialsRankByValidationAccuracyThenSearchRankAndFailuresDrop() {
    List<Shortlist.Trial> trials =
        List.of(
            trial(1, Status.OK, 0.88),
            trial(3, Status.FAILED, 0),
            trial(7, Status.OK, 0.89),
            trial(12, Status.OK, 0.88),
            trial(14, Status.OK, 0.87));
    assertEquals(
        List.of(7, 1, 12, 14),
        Shortlist.ranked(trials).stream().map(t -> t.candidate().rank()).toList());
    assertEquals(7, Shortlist.best(trials).orElseThrow().candidate().rank());
    assertEquals(Optional.empty(), Shortlist.best(List.of(trial(2, Status.FAILED, 0))));
  }

  private static Shortlist.Trial trial(int rank, Status status, double valAccuracy) {
    boolean ok = status == Status.OK;
    EvaluationResult result =
        new EvaluationResult(
            status,
            ok ? List.of(new EpochScore(1, valAccuracy, 0.5, 0.5, 1)) : List.of(),
            ok ? OptionalInt.of(1) : OptionalInt.empty(),
            ok ? 1 : 0,
            ok ? "max-epochs" : "diverged",
            1,
            100,
            1000,
            1000,
            "cpu",
            ok ? Optional.empty() : Optional.of("loss became NaN"));
    return new Shortlist.Trial(
        new Sources.Selected(
            null, "k" + rank, Optional.empty(), rank, Optional.empty(), Optional.empty()),
        result);
  }
}
