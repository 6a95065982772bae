package io.nas4j.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nas4j.evaluator.PruningHook;
import io.nas4j.evaluator.PruningThresholds;
import io.nas4j.space.result.EpochScore;
import io.nas4j.space.result.EvaluationResult;
import io.nas4j.space.result.Status;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class MedianPrunerTest {

  static EvaluationResult result(Status status, double... curve) {
    List<EpochScore> scores = new ArrayList<>();
    for (int i = 0; i < curve.length; i++) {
      scores.add(new EpochScore(i + 1, curve[i], 1, 1, 1));
    }
    return new EvaluationResult(
        status,
        scores,
        curve.length == 0 ? OptionalInt.empty() : OptionalInt.of(curve.length),
        curve.length,
        "x",
        1,
        1,
        1,
        1,
        "test",
        status == Status.FAILED ? Optional.of("boom") : Optional.empty());
  }

  @Test
  void medianOfOddAndEvenCounts() {
    assertEquals(2.0, MedianPruner.median(new double[] {3, 1, 2}));
    assertEquals(2.5, MedianPruner.median(new double[] {4, 1, 2, 3}));
  }

  @Test
  void prunesBelowTheMedianAtTheSameEpochOnlyAfterWarmup() {
    List<EvaluationResult> reference =
        List.of(
            result(Status.OK, 0.6, 0.7, 0.8),
            result(Status.OK, 0.5, 0.6, 0.7),
            result(Status.PRUNED, 0.4),
            result(Status.FAILED));
    PruningHook hook = new MedianPruner(3, 3).against(reference);
    // epoch 1: median of 0.6, 0.5, 0.4 is 0.5
    assertTrue(hook.shouldPrune(1, 0.45));
    assertFalse(hook.shouldPrune(1, 0.5));
    // epoch 2: only two candidates reached it (< warmup 3): no pruning
    assertFalse(hook.shouldPrune(2, 0.1));
    // the last epoch is never pruned
    assertFalse(new MedianPruner(1, 1).against(reference).shouldPrune(1, 0.0));
    // fewer trained candidates than the warmup: never
    assertFalse(new MedianPruner(4, 3).against(reference).shouldPrune(1, 0.0));
  }

  @Test
  void theHookIsPlainDataThatSurvivesJavaSerialization() throws Exception {
    List<EvaluationResult> reference =
        List.of(
            result(Status.OK, 0.6, 0.7, 0.8),
            result(Status.OK, 0.5, 0.6, 0.7),
            result(Status.OK, 0.4, 0.5, 0.6));
    PruningThresholds hook = new MedianPruner(3, 3).against(reference);
    assertArrayEquals(new double[] {0.5, 0.6}, hook.minAccuracy());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(hook);
    }
    Object copy = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray())).readObject();
    assertEquals(hook, copy);
    assertTrue(((PruningHook) copy).shouldPrune(2, 0.59));
    assertFalse(((PruningHook) copy).shouldPrune(2, 0.6));
    assertFalse(((PruningHook) copy).shouldPrune(3, 0.0));
  }
}
