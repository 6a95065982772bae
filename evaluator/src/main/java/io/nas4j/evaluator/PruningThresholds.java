package io.nas4j.evaluator;

import java.io.Serializable;
import java.util.Arrays;

/**
 * A pruning rule fixed before a candidate starts: after epoch e, the candidate stops if its
 * validation accuracy is below the e-th threshold ({@code NaN} or a missing entry = never stop
 * there). Being plain data, it can travel with a candidate to another process (the Spark engine).
 */
public final class PruningThresholds implements PruningHook, Serializable {

  private static final long serialVersionUID = 1L;

  private static final PruningThresholds NONE = new PruningThresholds(new double[0]);

  private final double[] minAccuracy;

  private PruningThresholds(double[] minAccuracy) {
    this.minAccuracy = minAccuracy;
  }

  /**
   * @param minAccuracy index e - 1: the accuracy a candidate must reach after epoch e to go on
   */
  public static PruningThresholds of(double... minAccuracy) {
    return new PruningThresholds(minAccuracy.clone());
  }

  /** Never prunes. */
  public static PruningThresholds none() {
    return NONE;
  }

  @Override
  public boolean shouldPrune(int epoch, double valAccuracy) {
    return epoch >= 1
        && epoch <= minAccuracy.length
        && !Double.isNaN(minAccuracy[epoch - 1])
        && valAccuracy < minAccuracy[epoch - 1];
  }

  /** A copy of the thresholds by epoch (index e - 1). */
  public double[] minAccuracy() {
    return minAccuracy.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PruningThresholds t && Arrays.equals(minAccuracy, t.minAccuracy);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(minAccuracy);
  }

  @Override
  public String toString() {
    return "PruningThresholds" + Arrays.toString(minAccuracy);
  }
}
