package io.nas4j.evaluator.dl4j;

import io.nas4j.evaluator.data.LabeledImages;
import io.nas4j.evaluator.data.Splits;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A training and a validation split prepared for DL4J once and shared, read-only, by every
 * candidate: normalised with the training split's statistics. Training mini-batches may be
 * augmented ({@link Augmentation}) and their targets label-smoothed; validation data never is.
 */
public final class TrainingData {

  private final Batches train;
  private final Batches validation;
  private final Batches.Normalisation normalisation;
  private final Augmentation augmentation;
  private final double labelSmoothing;

  private TrainingData(LabeledImages train, LabeledImages validation) {
    this.normalisation = Batches.Normalisation.of(train);
    this.train = Batches.of(train, normalisation);
    this.validation = Batches.of(validation, normalisation);
    this.augmentation = Augmentation.none();
    this.labelSmoothing = 0;
  }

  private TrainingData(TrainingData data, Augmentation augmentation, double labelSmoothing) {
    if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
      throw new IllegalArgumentException(
          "label smoothing must be in [0, 1), but was " + labelSmoothing);
    }
    this.normalisation = data.normalisation;
    this.train = data.train;
    this.validation = data.validation;
    this.augmentation = augmentation;
    this.labelSmoothing = labelSmoothing;
  }

  public static TrainingData of(Splits.Split split) {
    return new TrainingData(split.train(), split.validation());
  }

  public static TrainingData of(LabeledImages train, LabeledImages validation) {
    return new TrainingData(train, validation);
  }

  /** The same data (shared, not copied) with training mini-batches augmented. */
  public TrainingData withAugmentation(Augmentation augmentation) {
    return new TrainingData(this, augmentation, labelSmoothing);
  }

  /**
   * The same data (shared, not copied) with training targets smoothed: {@code 1 - e + e / classes}
   * for the true class, {@code e / classes} for the others ({@code e} in [0, 1), 0 = one-hot).
   * Validation scores always use the true labels.
   */
  public TrainingData withLabelSmoothing(double e) {
    return new TrainingData(this, augmentation, e);
  }

  public Augmentation augmentation() {
    return augmentation;
  }

  public double labelSmoothing() {
    return labelSmoothing;
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
