package io.nas4j.space.result;

import java.util.OptionalDouble;

/**
 * The scores after one training epoch (counted from 1): accuracy and mean cross-entropy on the
 * validation split, the mean training loss over the epoch's batches, and the seconds since the
 * candidate started training. When the recipe keeps an average of the weights ({@code emaDecay}),
 * the validation scores are the average's, and {@code trainedValAccuracy} is the validation
 * accuracy of the trained weights themselves (otherwise empty).
 */
public record EpochScore(
    int epoch,
    double valAccuracy,
    double valLoss,
    double trainLoss,
    double seconds,
    OptionalDouble trainedValAccuracy) {

  public EpochScore {
    if (epoch < 1) {
      throw new IllegalArgumentException("epoch must be >= 1, but was " + epoch);
    }
    accuracy("valAccuracy", valAccuracy);
    trainedValAccuracy.ifPresent(a -> accuracy("trainedValAccuracy", a));
  }

  /** The scores of a training that keeps no average of its weights. */
  public EpochScore(
      int epoch, double valAccuracy, double valLoss, double trainLoss, double seconds) {
    this(epoch, valAccuracy, valLoss, trainLoss, seconds, OptionalDouble.empty());
  }

  private static void accuracy(String name, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1], but was " + value);
    }
  }
}
