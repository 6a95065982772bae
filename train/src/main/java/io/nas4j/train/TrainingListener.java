package io.nas4j.train;

import io.nas4j.space.recipe.TrainingRecipe;
import io.nas4j.space.result.EpochScore;
import io.nas4j.space.training.TrainingReport.SeedRun;
import io.nas4j.space.training.TrainingReport.Trainee;
import io.nas4j.space.training.TrainingReport.Trial;
import java.util.List;

/**
 * Told what a {@link FinalTraining} does as it goes (the CLI prints it). Called from the training
 * threads: implementations must be thread-safe. Every method does nothing by default.
 */
public interface TrainingListener {

  /** Tells nothing. */
  TrainingListener NONE = new TrainingListener() {};

  /** The shortlist's trials start: each of {@code trainees} trains with {@code recipe}. */
  default void trialsStarted(
      List<Trainee> trainees, TrainingRecipe recipe, TrainingRecipe.Sizes sizes, int parallel) {}

  /** A trial ended. */
  default void trialFinished(Trial trial) {}

  /**
   * The trials that trained, best first; the architectures of the first {@code going} go on (the
   * first is the chosen one).
   */
  default void chosen(List<Trial> ranked, int going) {}

  /** The final trainings start. */
  default void trainingStarted(FinalTraining.Start start) {}

  /** A training finished an epoch. */
  default void epoch(FinalTraining.Member member, EpochScore score) {}

  /** A training ended (and its model, if it trained, was scored on the test set). */
  default void trained(FinalTraining.Member member, SeedRun run) {}

  /**
   * With two or more trained models: which of them form the ensemble (chosen on the validation
   * images), which were left out.
   */
  default void ensembleChosen(FinalTraining.EnsembleChoice choice) {}

  /** Everything is written. */
  default void finished(FinalTraining.Result result) {}
}
