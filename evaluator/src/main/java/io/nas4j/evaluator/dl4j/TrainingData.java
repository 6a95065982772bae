package io.nas4j.evaluator.dl4j;

import io.nas4j.evaluator.data.LabeledImages;
import io.nas4j.evaluator.data.Splits;

/**
 * A training and a validation split prepared for DL4J once and shared, read-only, by every
 * candidate: normalised with the training split's statistics.
 */
public final class TrainingData {

  private final Batches train;
  private final Batches validation;
  private final Batches.Normalisation normalisation;

  private TrainingData(LabeledImages train, LabeledImages validation) {
    this.normalisation = Batches.Normalisation.of(train);
    this.train = Batches.of(train, normalisation);
    this.validation = Batches.of(validation, normalisation);
  }

  public static TrainingData of(Splits.Split split) {
    return new TrainingData(split.train(), split.validation());
  }

  public static TrainingData of(LabeledImages train, LabeledImages validation) {
    return new TrainingData(train, validation);
  }

  Batches train() {
    return train;
  }

  Batches validation() {
    return validation;
  }

  /** Prepares other images (e.g. a test set) with this data's training statistics. */
  Batches prepare(LabeledImages images) {
    return Batches.of(images, normalisation);
  }

  public int trainSize() {
    return train.size();
  }

  public int validationSize() {
    return validation.size();
  }
}
