package io.nas4j.evaluator.dl4j;

/**
 * The cosine learning-rate schedule of a training with a time limit: the rate decays to 0 over the
 * mini-batches that fit, re-planned as the measured speed changes.
 */
final class CosinePlan {

  /** Mini-batches between learning-rate updates. */
  static final int SCHEDULE_EVERY = 10;

  private CosinePlan() {}

  /**
   * The mini-batches a run with a cosine schedule will train: whole epochs, as many as fit before
   * {@code deadlineNanos} at the speed so far ({@code done} batches since {@code startNanos},
   * validation included), at most {@code maxEpochs} and at least {@code atLeast} (the end of the
   * epoch under way). Until a few batches are done, {@code maxEpochs} worth: the first batches are
   * slow while DL4J warms up.
   */
  static long plannedIterations(
      long done, long atLeast, int perEpoch, int maxEpochs, long startNanos, long deadlineNanos) {
    long all = (long) maxEpochs * perEpoch;
    if (done < 2L * SCHEDULE_EVERY) {
      return all;
    }
    long now = System.nanoTime();
    double nanosPerBatch = (now - startNanos) / (double) done;
    double fit = done + Math.max(0, deadlineNanos - now) / nanosPerBatch;
    long wholeEpochs = (long) Math.floor(fit / perEpoch) * perEpoch;
    return Math.min(all, Math.max(atLeast, wholeEpochs));
  }

  /** Cosine decay from {@code initial} at batch 0 to 0 at batch {@code planned}. */
  static double cosine(double initial, long done, long planned) {
    double progress = Math.min(1, done / (double) Math.max(1, planned));
    return initial * 0.5 * (1 + Math.cos(Math.PI * progress));
  }
}
