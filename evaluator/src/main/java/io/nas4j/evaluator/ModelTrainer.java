package io.nas4j.evaluator;

import io.nas4j.evaluator.data.DatasetException;
import io.nas4j.space.arch.Architecture;
import io.nas4j.space.arch.Shape;
import io.nas4j.space.recipe.TrainingRecipe;
import io.nas4j.space.result.EpochScore;
import io.nas4j.space.result.EvaluationResult;
import io.nas4j.space.result.TestScore;
import io.nas4j.space.spec.DatasetSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Trains networks to keep, scores them on the test set and saves them: what a final training needs
 * from a backend, so that it can be written (and tested with a fake) without the backend. The DL4J
 * implementation is {@code io.nas4j.evaluator.dl4j.Dl4jModelTrainer}. Thread-safe: trainings of one
 * session may run at once.
 */
public interface ModelTrainer {

  /**
   * Loads a dataset's training images for a series of trainings (its test images when they are
   * first scored).
   */
  Session open(DatasetSpec dataset, Shape input, int classes) throws DatasetException;

  /** The backend, for provenance: e.g. {@code cpu (onednn, openblas) 1 threads, <cpu model>}. */
  String backend();

  /** One dataset, opened. */
  interface Session {

    /** Training images available to split (all of the training part). */
    int trainingImages();

    /** Test images. */
    int testImages() throws DatasetException;

    /**
     * Trains {@code candidate} on the split its recipe asks for, drawn with {@code splitSeed}.
     * Never throws for a bad candidate or a failed training: those are results without a model.
     *
     * @param stop asked after every epoch whether to stop now (the result is then {@code pruned},
     *     with its model)
     * @param onEpoch told each epoch's scores
     * @throws io.nas4j.space.InvalidFieldException if the recipe's sizes do not fit the data
     * @throws java.util.concurrent.CancellationException if the thread is interrupted
     */
    Trained train(
        Candidate candidate, long splitSeed, PruningHook stop, Consumer<EpochScore> onEpoch);

    /**
     * Scores models on the test images as one ensemble (their class probabilities averaged; one
     * model: that model), with {@code mirrored} each image's probabilities also averaged with its
     * mirror image's.
     */
    TestScore test(List<Model> models, boolean mirrored) throws DatasetException;

    /**
     * Scores models as one ensemble, as {@link #test} does, on the validation images of the split
     * {@code recipe} and {@code splitSeed} draw: the images the models' trainings picked their best
     * epoch on, so choosing among the models by this score does not look at the test images.
     */
    TestScore validate(List<Model> models, TrainingRecipe recipe, long splitSeed);
  }

  /** A training's result, and its model at the best epoch when it completed an epoch. */
  record Trained(EvaluationResult result, Optional<Model> model) {
    public Trained {
      Objects.requireNonNull(result, "result");
      Objects.requireNonNull(model, "model");
    }
  }

  /** A trained network, held in memory until it is dropped. */
  interface Model {

    /** The architecture as it trained (with the recipe's batch size and learning rate). */
    Architecture architecture();

    /**
     * Writes the model file (for DL4J: a ModelSerializer zip with the input normaliser and the
     * architecture), atomically.
     */
    void save(Path file) throws IOException;

    /** The backend's own description of the network (for DL4J: its configuration JSON). */
    String configurationJson();
  }
}
