package io.nas4j.train;

import io.nas4j.space.InvalidFieldException;
import io.nas4j.space.journal.CandidateEntry;
import io.nas4j.space.recipe.TrainingRecipe;
import io.nas4j.space.result.Status;
import io.nas4j.space.spec.DatasetSpec;
import io.nas4j.space.training.TrainingReport.Kind;
import io.nas4j.space.training.TrainingReport.Trainee;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What a {@link FinalTraining} trains and how: the architectures (one, or several for an ensemble),
 * the dataset, the recipe, the seed of the train/validation split, how many seeds per architecture
 * from which first seed, how many trainings at once, whether the test set is also scored with flip
 * test-time augmentation. Immutable; build one with {@link #of}, {@link #rank}, {@link #top} or
 * {@link #reproduce}, then the {@code with...} methods.
 *
 * @param run the run the architectures come from, if any
 * @param firstSeed seed of each architecture's first training (then +1, +2, ...); empty: the
 *     architecture's seed in the search (42 for an architecture file)
 * @param stopAfterEpoch stop every training after this epoch (its model is kept); for {@link
 *     Kind#REPRODUCE} of a candidate the search pruned
 */
public record TrainingPlan(
    Kind kind,
    Optional<Path> run,
    List<Trainee> trainees,
    DatasetSpec dataset,
    TrainingRecipe recipe,
    long splitSeed,
    int seeds,
    OptionalLong firstSeed,
    int parallel,
    boolean flipTest,
    OptionalInt stopAfterEpoch) {

  /** The seed of an architecture that did not come from a run. */
  public static final long DEFAULT_SEED = 42;

  public TrainingPlan {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(run, "run");
    trainees = List.copyOf(trainees);
    if (trainees.isEmpty()) {
      throw new IllegalArgumentException("a training plan needs at least one architecture");
    }
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(recipe, "recipe");
    Objects.requireNonNull(firstSeed, "firstSeed");
    Objects.requireNonNull(stopAfterEpoch, "stopAfterEpoch");
    if (seeds < 1 || seeds > 1000) {
      throw new InvalidFieldException("seeds", "must be in [1, 1000], but was " + seeds);
    }
    if (parallel < 1 || parallel > 1000) {
      throw new InvalidFieldException("parallel", "must be in [1, 1000], but was " + parallel);
    }
    if (flipTest && !dataset.horizontalFlip()) {
      throw new InvalidFieldException(
          "flipTest",
          "needs a dataset whose images keep their label when mirrored"
              + " (dataset.horizontalFlip: true in the spec)");
    }
    if (recipe.augmentation().flip() && !dataset.horizontalFlip()) {
      throw new InvalidFieldException(
          "augmentation.flip",
          "needs a dataset whose images keep their label when mirrored"
              + " (dataset.horizontalFlip: true in the spec)");
    }
  }

  /** One architecture on a dataset, one seed, one at a time; flips wherever the data allows. */
  public static TrainingPlan of(
      Trainee trainee, DatasetSpec dataset, TrainingRecipe recipe, long splitSeed) {
    return new TrainingPlan(
        Kind.TRAIN,
        Optional.empty(),
        List.of(trainee),
        dataset,
        recipe,
        splitSeed,
        1,
        OptionalLong.empty(),
        1,
        dataset.horizontalFlip(),
        OptionalInt.empty());
  }

  /**
   * A run's candidate of {@code rank}, on the run's data, with the run's {@code retrain} recipe.
   */
  public static TrainingPlan rank(SearchRun run, int rank) {
    return of(run.trainee(rank), run.spec().dataset(), run.spec().retrain(), run.spec().seed())
        .withRun(run.folder());
  }

  /**
   * The run's {@code count} best-ranked architectures, each with the run's {@code retrain} recipe;
   * rank 1 is the chosen one ({@code model.zip}), and every model that trains joins one ensemble.
   */
  public static TrainingPlan top(SearchRun run, int count) {
    if (count < 1 || count > run.ranked().size()) {
      throw new InvalidFieldException(
          "ensembleTop",
          "must be in [1, %d] (the run's trained candidates), but was %d"
              .formatted(run.ranked().size(), count));
    }
    TrainingPlan one = rank(run, 1);
    List<Trainee> trainees = new java.util.ArrayList<>();
    for (int rank = 1; rank <= count; rank++) {
      trainees.add(run.trainee(rank));
    }
    return new TrainingPlan(
        Kind.TRAIN,
        one.run(),
        trainees,
        one.dataset(),
        one.recipe(),
        one.splitSeed(),
        1,
        OptionalLong.empty(),
        1,
        one.flipTest(),
        OptionalInt.empty());
  }

  /**
   * The search's own training of the candidate of {@code rank}: the search's recipe, split seed and
   * candidate seed, stopped where the search stopped it if it was pruned, without flips in the
   * test.
   */
  public static TrainingPlan reproduce(SearchRun run, int rank) {
    run.trainee(rank);
    CandidateEntry candidate = run.ranked().get(rank - 1);
    OptionalInt stopAfter =
        candidate.result().status() == Status.PRUNED
            ? OptionalInt.of(Math.max(1, candidate.result().epochsRun()))
            : OptionalInt.empty();
    TrainingPlan plan = rank(run, rank);
    return new TrainingPlan(
        Kind.REPRODUCE,
        plan.run(),
        plan.trainees(),
        plan.dataset(),
        run.spec().budget(),
        plan.splitSeed(),
        1,
        OptionalLong.of(candidate.seed()),
        1,
        false,
        stopAfter);
  }

  /** The seeds {@code trainee} trains with. */
  public List<Long> seedsOf(Trainee trainee) {
    long first = firstSeed.orElse(trainee.origin().map(o -> o.searchSeed()).orElse(DEFAULT_SEED));
    return java.util.stream.LongStream.range(0, seeds).mapToObj(i -> first + i).toList();
  }

  public TrainingPlan withRun(Path folder) {
    return new TrainingPlan(
        kind,
        Optional.of(folder),
        trainees,
        dataset,
        recipe,
        splitSeed,
        seeds,
        firstSeed,
        parallel,
        flipTest,
        stopAfterEpoch);
  }

  /**
   * This plan on other data; flips, in training and in the test, follow the new data's {@code
   * horizontalFlip} (on where its labels survive a mirror image, off where they do not).
   */
  public TrainingPlan withDataset(DatasetSpec data) {
    boolean flips = data.horizontalFlip();
    TrainingRecipe r = recipe.withAugmentation(recipe.augmentation().withFlip(flips));
    return new TrainingPlan(
        kind, run, trainees, data, r, splitSeed, seeds, firstSeed, parallel, flips, stopAfterEpoch);
  }

  public TrainingPlan withRecipe(TrainingRecipe other) {
    return new TrainingPlan(
        kind,
        run,
        trainees,
        dataset,
        other,
        splitSeed,
        seeds,
        firstSeed,
        parallel,
        flipTest,
        stopAfterEpoch);
  }

  public TrainingPlan withSplitSeed(long seed) {
    return new TrainingPlan(
        kind,
        run,
        trainees,
        dataset,
        recipe,
        seed,
        seeds,
        firstSeed,
        parallel,
        flipTest,
        stopAfterEpoch);
  }

  public TrainingPlan withSeeds(int count) {
    return new TrainingPlan(
        kind,
        run,
        trainees,
        dataset,
        recipe,
        splitSeed,
        count,
        firstSeed,
        parallel,
        flipTest,
        stopAfterEpoch);
  }

  public TrainingPlan withFirstSeed(long seed) {
    return new TrainingPlan(
        kind,
        run,
        trainees,
        dataset,
        recipe,
        splitSeed,
        seeds,
        OptionalLong.of(seed),
        parallel,
        flipTest,
        stopAfterEpoch);
  }

  public TrainingPlan withParallel(int trainings) {
    return new TrainingPlan(
        kind,
        run,
        trainees,
        dataset,
        recipe,
        splitSeed,
        seeds,
        firstSeed,
        trainings,
        flipTest,
        stopAfterEpoch);
  }

  public TrainingPlan withFlipTest(boolean flip) {
    return new TrainingPlan(
        kind,
        run,
        trainees,
        dataset,
        recipe,
        splitSeed,
        seeds,
        firstSeed,
        parallel,
        flip,
        stopAfterEpoch);
  }
}
