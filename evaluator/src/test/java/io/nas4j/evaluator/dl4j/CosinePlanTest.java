package io.nas4j.evaluator.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CosinePlanTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void cosineRunsFromTheInitialRateToZero() {
    assertEquals(0.003, CosinePlan.cosine(0.003, 0, 100), 1e-15);
    assertEquals(0.0015, CosinePlan.cosine(0.003, 50, 100), 1e-15);
    assertEquals(0, CosinePlan.cosine(0.003, 100, 100), 1e-15);
    assertEquals(0, CosinePlan.cosine(0.003, 120, 100), 1e-15);
  }

  @Test
  void beforeAFewBatchesThePlanIsAllEpochs() {
    long now = System.nanoTime();
    assertEquals(150, CosinePlan.plannedIterations(5, 50, 50, 3, now - SECOND, now + SECOND));
  }

  @Test
  void thePlanIsTheWholeEpochsThatFitBeforeTheDeadline() {
    long now = System.nanoTime();
    // 100 batches in 1 s, 1.2 s left: about 220 batches in all, i.e. 4 whole epochs of 50.
    assertEquals(
        200, CosinePlan.plannedIterations(100, 150, 50, 10, now - SECOND, now + SECOND * 6 / 5));
    // Capped by the maximum number of epochs.
    assertEquals(
        150, CosinePlan.plannedIterations(100, 150, 50, 3, now - SECOND, now + SECOND * 6 / 5));
    // Never less than the end of the epoch under way, even past the deadline.
    assertEquals(150, CosinePlan.plannedIterations(100, 150, 50, 10, now - SECOND, now - SECOND));
    // At an epoch's end with no time left: the plan is what is done, so training stops.
    assertEquals(100, CosinePlan.plannedIterations(100, 100, 50, 10, now - SECOND, now));
  }
}
