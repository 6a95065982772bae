package io.nas4j.space.result;

/**
 * The scores after one training epoch (counted from 1): accuracy and mean cross-entropy on the
 * validation split, the mean training loss over the epoch's batches, and the seconds since the
 * candidate started training.
 */
public record EpochScore(
    int epoch, double valAccuracy, double valLoss, double trainLoss, double seconds) {

  public EpochScore {
    if (epoch < 1) {
      throw new IllegalArgumentException("epoch must be >= 1, but was " + epoch);
    }
    if (!(valAccuracy >= 0 && valAccuracy <= 1)) {
      throw new IllegalArgumentException("valAccuracy must be in [0, 1], but was " + valAccuracy);
    }
  }
}
