package io.nas4j.search;

import io.nas4j.evaluator.PruningThresholds;
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

  /**
   * A hook judging against {@code reference} (trained results; others are ignored): the median of
   * each epoch, worked out now, so the hook is plain data that can travel to another process.
   */
  PruningThresholds against(List<EvaluationResult> reference) {
    List<EvaluationResult> trained =
        reference.stream()
            .filter(r -> r.status() == Status.OK || r.status() == Status.PRUNED)
            .toList();
    if (trained.size() < warmup) {
      return PruningThresholds.none();
    }
    double[] thresholds = new double[Math.max(0, maxEpochs - 1)];
    for (int epoch = 1; epoch < maxEpochs; epoch++) {
      int e = epoch;
      double[] atEpoch =
          trained.stream()
              .filter(r -> r.curve().size() >= e)
              .map(r -> r.curve().get(e - 1))
              .mapToDouble(EpochScore::valAccuracy)
              .toArray();
      thresholds[epoch - 1] = atEpoch.length >= warmup ? median(atEpoch) : Double.NaN;
    }
    return PruningThresholds.of(thresholds);
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
