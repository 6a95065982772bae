package io.nas4j.space.training;

import io.nas4j.space.Provenance;
import io.nas4j.space.arch.Architecture;
import io.nas4j.space.arch.Ids;
import io.nas4j.space.recipe.TrainingRecipe;
import io.nas4j.space.result.EvaluationResult;
import io.nas4j.space.result.TestScore;
import io.nas4j.space.spec.DatasetSpec;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * What a final training ({@code nas train}, {@link Kind#TRAIN}) or a repetition of the search's own
 * training ({@link Kind#REPRODUCE}) did and measured: the architectures it trained (the one whose
 * best seed became {@code model.zip} first), the data and recipe, every seed's training and test
 * scores, the ensemble of every model that trained, and provenance. Stored as {@code metrics.json}
 * next to the models ({@link TrainingReportCodec}). Immutable.
 *
 * @param run the run folder the architectures came from, as given; empty for an architecture file
 * @param trainees the architectures trained, as searched (the recipe may replace their batch size
 *     and learning rate); the first is the chosen one
 * @param flipTest whether test images were also scored averaged with their mirror images
 * @param parallel trainings at once
 * @param trainings every seed of every trainee, in the order they were planned (the chosen
 *     trainee's seeds first)
 * @param ensemble every model that trained, scored as one (their class probabilities averaged),
 *     when two or more did
 * @param seconds wall time of the whole command
 */
public record TrainingReport(
    Kind kind,
    String created,
    Optional<String> run,
    List<Trainee> trainees,
    Data data,
    TrainingRecipe recipe,
    boolean flipTest,
    int parallel,
    List<SeedRun> trainings,
    Optional<Ensemble> ensemble,
    double seconds,
    Provenance provenance) {

  /** The file name of a training report in its folder. */
  public static final String FILE = "metrics.json";

  /** The best seed's model of the chosen architecture, in its folder. */
  public static final String MODEL = "model.zip";

  public TrainingReport {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(run, "run");
    trainees = List.copyOf(trainees);
    if (trainees.isEmpty()) {
      throw new IllegalArgumentException("a training report needs at least one architecture");
    }
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(recipe, "recipe");
    if (parallel < 1) {
      throw new IllegalArgumentException("parallel must be >= 1, but was " + parallel);
    }
    trainings = List.copyOf(trainings);
    for (SeedRun t : trainings) {
      if (trainees.stream().noneMatch(a -> a.key().equals(t.key()))) {
        throw new IllegalArgumentException("training of unknown architecture " + t.key());
      }
    }
    Objects.requireNonNull(ensemble, "ensemble");
    Objects.requireNonNull(provenance, "provenance");
  }

  /** A final training, or a repetition of the search's own training of a candidate. */
  public enum Kind {
    TRAIN,
    REPRODUCE;

    public String id() {
      return Ids.id(this);
    }

    public static Kind fromId(String id) {
      return Ids.parse(Kind.class, id);
    }
  }

  /** An architecture that was trained, and where it came from. */
  public record Trainee(String key, Architecture architecture, Optional<Origin> origin) {
    public Trainee {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(architecture, "architecture");
      Objects.requireNonNull(origin, "origin");
    }

    /** {@code rank 3} for a run's candidate, {@code architecture <key>} otherwise. */
    public String label() {
      return origin.map(o -> "rank " + o.rank()).orElse("architecture " + key);
    }
  }

  /** A run's candidate: its rank when the training started, its seed and result in the search. */
  public record Origin(int rank, long searchSeed, EvaluationResult searchResult) {
    public Origin {
      if (rank < 1) {
        throw new IllegalArgumentException("rank must be >= 1, but was " + rank);
      }
      Objects.requireNonNull(searchResult, "searchResult");
    }
  }

  /** The data: the dataset, the images each split had, and the seed that drew the splits. */
  public record Data(
      DatasetSpec dataset, int trainImages, int validationImages, int testImages, long splitSeed) {
    public Data {
      Objects.requireNonNull(dataset, "dataset");
    }
  }

  /**
   * One seed of one architecture: its training, its test scores (plain, and flip-averaged when the
   * report's {@code flipTest} is set) when it trained, and its model file under the report's folder
   * when it was kept for the ensemble.
   */
  public record SeedRun(
      String key,
      long seed,
      EvaluationResult training,
      Optional<TestScore> test,
      Optional<TestScore> flipped,
      Optional<String> file) {
    public SeedRun {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(training, "training");
      Objects.requireNonNull(test, "test");
      Objects.requireNonNull(flipped, "flipped");
      Objects.requireNonNull(file, "file");
    }

    /** Trained and scored on the test set. */
    public boolean tested() {
      return test.isPresent();
    }
  }

  /**
   * The ensemble's test scores, plain and flip-averaged, and its validation accuracy, on which its
   * members were chosen (absent in reports written before that choice). Its members are the
   * trainings with a file: two or more, or one when the choice kept a single model other than
   * {@link #MODEL}'s.
   */
  public record Ensemble(
      TestScore test, Optional<TestScore> flipped, OptionalDouble validationAccuracy) {
    public Ensemble {
      Objects.requireNonNull(test, "test");
      Objects.requireNonNull(flipped, "flipped");
      Objects.requireNonNull(validationAccuracy, "validationAccuracy");
    }
  }

  /** The chosen architecture (the first trainee). */
  public Trainee chosen() {
    return trainees.get(0);
  }

  /** The chosen architecture's seeds, in order. */
  public List<SeedRun> chosenSeeds() {
    return trainings.stream().filter(t -> t.key().equals(chosen().key())).toList();
  }

  /**
   * The seed whose model is {@link #MODEL}: of the chosen architecture's tested seeds, the one with
   * the highest validation accuracy (the first on a tie); empty when none trained.
   */
  public Optional<SeedRun> model() {
    return bestTested(chosenSeeds());
  }

  /** Of {@code seeds}, the tested one with the highest validation accuracy (the first on a tie). */
  public static Optional<SeedRun> bestTested(List<SeedRun> seeds) {
    return seeds.stream()
        .filter(SeedRun::tested)
        .sorted(Comparator.comparingDouble((SeedRun t) -> -t.training().bestValAccuracy()))
        .findFirst();
  }

  /** The models in the ensemble (those with a file), in training order. */
  public List<SeedRun> ensembleMembers() {
    return trainings.stream().filter(t -> t.file().isPresent()).toList();
  }

  /** The trainee of {@code key}. */
  public Trainee trainee(String key) {
    return trainees.stream()
        .filter(t -> t.key().equals(key))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no architecture " + key));
  }

  /** The chosen architecture's test accuracies over its seeds, plain. */
  public Accuracies accuracies() {
    return Accuracies.of(chosenSeeds(), SeedRun::test);
  }

  /** The chosen architecture's test accuracies over its seeds, flip-averaged. */
  public Accuracies flippedAccuracies() {
    return Accuracies.of(chosenSeeds(), SeedRun::flipped);
  }

  /**
   * Test accuracies over seeds that trained: count, mean, sample sd ({@code n - 1}; NaN below 2),
   * min and max (NaN when none).
   */
  public record Accuracies(int n, double mean, double sd, double min, double max) {

    static Accuracies of(List<SeedRun> runs, Function<SeedRun, Optional<TestScore>> score) {
      double[] values =
          runs.stream()
              .map(score)
              .flatMap(Optional::stream)
              .mapToDouble(TestScore::accuracy)
              .toArray();
      double mean = Arrays.stream(values).average().orElse(Double.NaN);
      double squares = 0;
      for (double v : values) {
        squares += (v - mean) * (v - mean);
      }
      return new Accuracies(
          values.length,
          mean,
          values.length < 2 ? Double.NaN : Math.sqrt(squares / (values.length - 1)),
          Arrays.stream(values).min().orElse(Double.NaN),
          Arrays.stream(values).max().orElse(Double.NaN));
    }
  }
}
