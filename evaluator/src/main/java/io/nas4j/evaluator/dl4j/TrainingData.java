package io.nas4j.evaluator.dl4j;

import io.nas4j.evaluator.data.LabeledImages;
import io.nas4j.evaluator.data.Splits;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A training and a validation split prepared for DL4J once and shared, read-only, by every training
 * on them: normalised with the training split's statistics. How a training augments its
 * mini-batches is its recipe's business; validation data is never augmented.
 */
public final class TrainingData {

  private final Batches train;
  private final Batches validation;
  private final LabeledImages validationImages;
  private final Batches.Normalisation normalisation;

  private TrainingData(LabeledImages train, LabeledImages validation) {
    this.validationImages = validation;
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

  /**
   * The normalisation as a DL4J normaliser that takes raw pixel values (0..255, {@code N x C x H x
   * W}) to what the network was trained on: {@code (pixel - 255 * mean) / (255 * std)}, the same
   * pair for every channel. Saved in {@code model.zip} so plain DL4J can prepare its inputs.
   */
  public NormalizerStandardize normalizer(int channels) {
    float[] mean = new float[channels];
    float[] std = new float[channels];
    java.util.Arrays.fill(mean, 255f * normalisation.mean());
    java.util.Arrays.fill(std, 255f * normalisation.std());
    return new NormalizerStandardize(
        Nd4j.create(mean, new long[] {channels}), Nd4j.create(std, new long[] {channels}));
  }

  Batches train() {
    return train;
  }

  Batches validation() {
    return validation;
  }

  /** The validation images as loaded (raw pixels), for scoring saved models on them. */
  public LabeledImages validationImages() {
    return validationImages;
  }

  public int trainSize() {
    return train.size();
  }

  public int validationSize() {
    return validation.size();
  }
}
