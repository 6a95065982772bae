package io.nas4j.train;

import io.nas4j.evaluator.Candidate;
import io.nas4j.evaluator.ModelTrainer;
import io.nas4j.evaluator.PruningHook;
import io.nas4j.space.CanonicalKey;
import io.nas4j.space.arch.Architecture;
import io.nas4j.space.arch.Shape;
import io.nas4j.space.result.EpochScore;
import io.nas4j.space.result.EvaluationResult;
import io.nas4j.space.result.Status;
import io.nas4j.space.result.TestScore;
import io.nas4j.space.spec.DatasetSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * An instant, deterministic backend: an architecture's validation accuracy is given per key (0.5
 * for another), plus 0.001 per seed; a model's test accuracy equals its validation accuracy, an
 * ensemble's is the mean of its models' plus 0.01 per model after the first (on the validation
 * images too), and flips add 0.005. It counts trainings and how many ran at once.
 */
final class FakeModelTrainer implements ModelTrainer {

  static final int TRAINING_IMAGES = 1000;
  static final int TEST_IMAGES = 1000;

  private final Map<String, Double> accuracyOf;
  private final Set<String> failing;
  final List<String> trained = java.util.Collections.synchronizedList(new ArrayList<>());
  final AtomicInteger running = new AtomicInteger();
  final AtomicInteger mostAtOnce = new AtomicInteger();

  FakeModelTrainer(Map<String, Double> accuracyOf, Set<String> failing) {
    this.accuracyOf = accuracyOf;
    this.failing = failing;
  }

  @Override
  public Session open(DatasetSpec dataset, Shape input, int classes) {
    return new FakeSession();
  }

  @Override
  public String backend() {
    return "fake";
  }

  private final class FakeSession implements Session {
    private final Map<Model, Double> accuracy = new ConcurrentHashMap<>();

    @Override
    public int trainingImages() {
      return TRAINING_IMAGES;
    }

    @Override
    public int testImages() {
      return TEST_IMAGES;
    }

    @Override
    public Trained train(
        Candidate candidate, long splitSeed, PruningHook stop, Consumer<EpochScore> onEpoch) {
      mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      Architecture a = candidate.trained();
      String key = CanonicalKey.of(candidate.architecture());
      trained.add(key + "/" + candidate.seed() + "/" + candidate.recipe().maxEpochs());
      candidate.recipe().sizes(TRAINING_IMAGES, 10);
      int epochs = candidate.recipe().maxEpochs();
      if (failing.contains(key)) {
        running.decrementAndGet();
        return new Trained(Fixtures.result(a, Status.FAILED, 0, epochs), Optional.empty());
      }
      double target =
          accuracyOf.getOrDefault(key, 0.5) + 0.001 * Math.floorMod(candidate.seed(), 10);
      Status status = Status.OK;
      int ran = epochs;
      for (int e = 1; e <= epochs; e++) {
        double acc = target - 0.01 * (epochs - e);
        onEpoch.accept(new EpochScore(e, acc, 1 - acc, 1.2 - acc, e));
        if (stop.shouldPrune(e, acc)) {
          status = Status.PRUNED;
          ran = e;
          target = acc;
          break;
        }
      }
      EvaluationResult result = Fixtures.result(a, status, target, ran);
      FakeModel model = new FakeModel(a, target);
      running.decrementAndGet();
      return new Trained(result, Optional.of(model));
    }

    @Override
    public TestScore validate(
        List<Model> models, io.nas4j.space.recipe.TrainingRecipe recipe, long splitSeed) {
      return test(models, false);
    }

    @Override
    public TestScore test(List<Model> models, boolean mirrored) {
      double sum = 0;
      for (Model m : models) {
        sum += ((FakeModel) m).accuracy();
      }
      double accuracy = sum / models.size() + 0.01 * (models.size() - 1) + (mirrored ? 0.005 : 0);
      int right = (int) Math.round(accuracy * TEST_IMAGES);
      return new TestScore(
          right / (double) TEST_IMAGES,
          1 - accuracy,
          TEST_IMAGES,
          List.of("a", "b"),
          new int[][] {
            {right / 2, 500 - right / 2}, {500 - (right - right / 2), right - right / 2}
          });
    }
  }

  record FakeModel(Architecture architecture, double accuracy) implements Model {
    @Override
    public void save(Path file) throws java.io.IOException {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, architecture.notation() + " " + accuracy, StandardCharsets.UTF_8);
    }

    @Override
    public String configurationJson() {
      return "{\"fake\": true}";
    }
  }
}
