package io.nas4j.evaluator.dl4j;

import io.nas4j.evaluator.data.DatasetException;
import io.nas4j.evaluator.data.Datasets;
import io.nas4j.evaluator.data.LabeledImages;
import io.nas4j.evaluator.data.Splits;
import io.nas4j.space.arch.Shape;
import io.nas4j.space.recipe.TrainingRecipe;
import io.nas4j.space.spec.DatasetSpec;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A dataset's training images, loaded once, and the train/validation splits its trainings need:
 * each split drawn (stratified, seeded) as a recipe's sizes say and prepared for DL4J once, then
 * shared. The one place where a spec's data becomes training data, for the local search, the Spark
 * executors and the final training alike. Thread-safe.
 */
public final class PreparedData {

  private final DatasetSpec dataset;
  private final Shape input;
  private final int classes;
  private final LabeledImages training;
  private final Map<Key, TrainingData> splits = new ConcurrentHashMap<>();
  private LabeledImages test;

  private record Key(int train, int validation, long seed) {}

  private PreparedData(DatasetSpec dataset, Shape input, int classes, LabeledImages training) {
    this.dataset = dataset;
    this.input = input;
    this.classes = classes;
    this.training = training;
  }

  /** Loads the training part of {@code dataset}, checked against the input shape and classes. */
  public static PreparedData load(DatasetSpec dataset, Shape input, int classes)
      throws DatasetException {
    Objects.requireNonNull(dataset, "dataset");
    return new PreparedData(dataset, input, classes, Datasets.load(dataset, input, classes, true));
  }

  /** Images already in memory (tests, benchmarks); there is no test part. */
  public static PreparedData of(LabeledImages training) {
    return new PreparedData(null, training.shape(), training.classes(), training);
  }

  /** The training images, all of them (splits are drawn from these). */
  public LabeledImages training() {
    return training;
  }

  /**
   * The sizes {@code recipe} asks for on this data.
   *
   * @throws io.nas4j.space.InvalidFieldException ({@code trainSize}, {@code valSize}) if they do
   *     not fit
   */
  public TrainingRecipe.Sizes sizes(TrainingRecipe recipe) {
    return recipe.sizes(training.size(), training.classes());
  }

  /**
   * The split {@code recipe} trains on, drawn with {@code seed}: validation images first, so every
   * training subset of one seed and validation size is scored on the same validation images.
   *
   * @throws io.nas4j.space.InvalidFieldException ({@code trainSize}, {@code valSize}) if the sizes
   *     do not fit the data
   */
  public TrainingData split(TrainingRecipe recipe, long seed) {
    TrainingRecipe.Sizes sizes = sizes(recipe);
    return splits.computeIfAbsent(
        new Key(sizes.train(), sizes.validation(), seed),
        k -> {
          try {
            return TrainingData.of(
                Splits.trainValidation(training, k.train(), k.validation(), k.seed()));
          } catch (DatasetException e) {
            throw new IllegalStateException("sizes were checked: " + e.getMessage(), e);
          }
        });
  }

  /** The test part, loaded the first time it is asked for. */
  public synchronized LabeledImages test() throws DatasetException {
    if (test == null) {
      if (dataset == null) {
        throw new DatasetException("these images have no test part");
      }
      test = Datasets.load(dataset, input, classes, false);
    }
    return test;
  }
}
