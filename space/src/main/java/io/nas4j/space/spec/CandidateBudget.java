package io.nas4j.space.spec;

/**
 * What one candidate may spend: it trains on {@code trainSize} images and is scored after every
 * epoch on {@code valSize} held-out images (both drawn from the training data); training stops
 * after {@code maxEpochs}, after {@code patience} epochs without a validation-accuracy gain of more
 * than {@code minDelta}, or after {@code timeLimitSeconds} of wall time. Its learning rate follows
 * {@code schedule}.
 */
public record CandidateBudget(
    int trainSize,
    int valSize,
    int maxEpochs,
    int patience,
    double minDelta,
    int timeLimitSeconds,
    RateSchedule schedule)
    implements java.io.Serializable {

  /** A budget with a constant learning rate. */
  public CandidateBudget(
      int trainSize,
      int valSize,
      int maxEpochs,
      int patience,
      double minDelta,
      int timeLimitSeconds) {
    this(
        trainSize, valSize, maxEpochs, patience, minDelta, timeLimitSeconds, RateSchedule.CONSTANT);
  }

  public CandidateBudget {
    java.util.Objects.requireNonNull(schedule, "schedule");
    positive("budget.trainSize", trainSize);
    positive("budget.valSize", valSize);
    positive("budget.maxEpochs", maxEpochs);
    positive("budget.patience", patience);
    positive("budget.timeLimitSeconds", timeLimitSeconds);
    if (!(minDelta >= 0 && minDelta < 1)) {
      throw new IllegalArgumentException("budget.minDelta must be in [0, 1), but was " + minDelta);
    }
  }

  /** This budget with another learning-rate schedule. */
  public CandidateBudget withSchedule(RateSchedule schedule) {
    return new CandidateBudget(
        trainSize, valSize, maxEpochs, patience, minDelta, timeLimitSeconds, schedule);
  }

  static void positive(String key, long value) {
    if (value < 1) {
      throw new IllegalArgumentException(key + " must be >= 1, but was " + value);
    }
  }
}
