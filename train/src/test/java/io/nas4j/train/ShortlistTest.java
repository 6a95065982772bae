package io.nas4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nas4j.space.result.Status;
import io.nas4j.space.training.TrainingReport.Trainee;
import io.nas4j.space.training.TrainingReport.Trial;
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

  @Test
  void trialsRankByValidationAccuracyThenSearchRankAndFailuresDrop() {
    List<Trial> trials =
        List.of(
            trial(1, Status.OK, 0.88),
            trial(3, Status.FAILED, 0),
            trial(7, Status.OK, 0.89),
            trial(12, Status.OK, 0.88),
            trial(14, Status.OK, 0.87));
    assertEquals(
        List.of(7, 1, 12, 14),
        Shortlist.ranked(trials).stream()
            .map(t -> t.trainee().origin().orElseThrow().rank())
            .toList());
    assertEquals(List.of(), Shortlist.ranked(List.of(trial(2, Status.FAILED, 0))));
  }

  @Test
  void depthCountsStandardAndSeparableConvolutions() {
    assertEquals(3, Fixtures.arch("c3x8 relu | sc3x8 relu | max2 | c3x8 | out10").convolutions());
  }

  private static Trial trial(int rank, Status status, double valAccuracy) {
    Trainee t = Fixtures.trainee(rank, "c3x8 relu | max2 | d" + (16 + rank) + " relu | out10");
    return new Trial(t, rank, Fixtures.result(t.architecture(), status, valAccuracy, 1));
  }
}
