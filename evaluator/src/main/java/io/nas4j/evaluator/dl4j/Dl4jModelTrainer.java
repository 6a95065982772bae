package io.nas4j.evaluator.dl4j;

import io.nas4j.evaluator.Candidate;
import io.nas4j.evaluator.ModelTrainer;
import io.nas4j.evaluator.PruningHook;
import io.nas4j.evaluator.data.DatasetException;
import io.nas4j.space.arch.Architecture;
import io.nas4j.space.arch.Shape;
import io.nas4j.space.recipe.TrainingRecipe;
import io.nas4j.space.result.EpochScore;
import io.nas4j.space.result.TestScore;
import io.nas4j.space.spec.DatasetSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;

/** {@link ModelTrainer} with DL4J: {@link Trainer} on {@link PreparedData}, {@link SavedModels}. */
public final class Dl4jModelTrainer implements ModelTrainer {

  private final Trainer.Options options;

  public Dl4jModelTrainer(Trainer.Options options) {
    this.options = options;
  }

  /** With {@code threads} ND4J threads per training (0: ND4J's default) and default options. */
  public static Dl4jModelTrainer withThreads(int threads) {
    return new Dl4jModelTrainer(Trainer.Options.defaults().withThreads(threads));
  }

  @Override
  public Session open(DatasetSpec dataset, Shape input, int classes) throws DatasetException {
    return new Dl4jSession(PreparedData.load(dataset, input, classes), options);
  }

  /** A session on images already in memory (tests): {@code testImages} serve as the test set. */
  public Session open(PreparedData data) {
    return new Dl4jSession(data, options);
  }

  @Override
  public String backend() {
    Dl4jRuntime.init(options.threads());
    return Dl4jRuntime.describe();
  }

  private record Dl4jSession(PreparedData data, Trainer.Options options) implements Session {

    @Override
    public int trainingImages() {
      return data.training().size();
    }

    @Override
    public int testImages() throws DatasetException {
      return data.test().size();
    }

    @Override
    public Trained train(
        Candidate candidate, long splitSeed, PruningHook stop, Consumer<EpochScore> onEpoch) {
      TrainingData split = data.split(candidate.recipe(), splitSeed);
      Trainer.Outcome outcome = new Trainer(split, options).train(candidate, stop, onEpoch);
      Architecture trained = candidate.trained();
      return new Trained(
          outcome.result(),
          outcome
              .network()
              .map(n -> new Dl4jModel(trained, n, split.normalizer(trained.input().channels()))));
    }

    @Override
    public TestScore test(List<Model> models, boolean mirrored) throws DatasetException {
      return SavedModels.evaluate(loaded(models), data.test(), mirrored);
    }

    @Override
    public TestScore validate(List<Model> models, TrainingRecipe recipe, long splitSeed) {
      return SavedModels.evaluate(
          loaded(models), data.split(recipe, splitSeed).validationImages(), false);
    }

    private static List<SavedModels.Loaded> loaded(List<Model> models) {
      return models.stream()
          .map(m -> (Dl4jModel) m)
          .map(m -> new SavedModels.Loaded(m.network(), m.normalizer(), Optional.empty()))
          .toList();
    }
  }

  /** A trained DL4J network with the normaliser that takes raw pixels to its inputs. */
  private record Dl4jModel(Architecture architecture, Network network, DataNormalization normalizer)
      implements Model {

    @Override
    public void save(Path file) throws IOException {
      SavedModels.write(file, network, normalizer, architecture);
    }

    @Override
    public String configurationJson() {
      return network.configurationJson();
    }
  }
}
