package io.nas4j.search;

import io.nas4j.evaluator.PruningHook;
import io.nas4j.space.result.EpochScore;
import io.nas4j.space.result.EvaluationResult;
import io.nas4j.space.result.Status;
import java.util.Arrays;
import java.util.List;

/**
 * The median stopping rule (as Optuna's MedianPruner): after epoch e, a candidate whose validation
 * accuracy is below the median of the reference candidates' accuracy after epoch e is stopped.
 * Nothing is pruned before {@code warmup} reference candidates reached epoch e, nor at the last
 * epoch (stopping there saves nothing). The reference set is fixed per generation (the candidates
 * of earlier generations), so decisions do not depend on how many candidates train at once.
 */
final class MedianPruner {

  private final int warmup;
  private final int maxEpochs;

  MedianPruner(int warmup, int maxEpochs) {
    this.warmup = warmup;
    this.maxEpochs = maxEpochs;
  }

  /** A hook judging against {@code reference} (trained results; others are ignored). */
  PruningHook against(List<EvaluationResult> reference) {
    List<EvaluationResult> trained =
        reference.stream()
            .filter(r -> r.status() == Status.OK || r.status() == Status.PRUNED)
            .toList();
    if (trained.size() < warmup) {
      return PruningHook.never();
    }
    return (epoch, accuracy) -> {
      if (epoch >= maxEpochs) {
        return false;
      }
      double[] atEpoch =
          trained.stream()
              .filter(r -> r.curve().size() >= epoch)
              .map(r -> r.curve().get(epoch - 1))
              .mapToDouble(EpochScore::valAccuracy)
              .toArray();
      return atEpoch.length >= warmup && accuracy < median(atEpoch);
    };
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
