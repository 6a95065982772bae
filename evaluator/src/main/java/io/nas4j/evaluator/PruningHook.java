package io.nas4j.evaluator;

/**
 * Asked after every epoch whether to stop a candidate early (e.g. the search's median rule). Must
 * be thread-safe when candidates train in parallel.
 */
@FunctionalInterface
public interface PruningHook {

  /**
   * @param epoch the epoch just finished, counted from 1
   * @param valAccuracy its validation accuracy
   * @return true to stop the candidate now; its result is then {@code pruned}
   */
  boolean shouldPrune(int epoch, double valAccuracy);

  static PruningHook never() {
    return PruningThresholds.none();
  }
}
