package io.nas4j.space.arch;

import java.util.Objects;

/** The training hyperparameters that belong to a candidate (part of its canonical key). */
public record Training(Optimizer optimizer, double learningRate, int batchSize) {

  public Training {
    Objects.requireNonNull(optimizer, "optimizer");
    if (!(learningRate > 0 && Double.isFinite(learningRate))) {
      throw new IllegalArgumentException(
          "learning rate must be a finite number > 0, but was " + learningRate);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be >= 1, but was " + batchSize);
    }
  }

  public static Training of(Optimizer optimizer, double learningRate, int batchSize) {
    return new Training(optimizer, learningRate, batchSize);
  }
}
