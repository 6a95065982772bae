package io.nas4j.train;

import io.nas4j.space.result.EpochScore;
import io.nas4j.space.training.TrainingReport.SeedRun;

/**
 * Told what a {@link FinalTraining} does as it goes (the CLI prints it). Called from the training
 * threads: implementations must be thread-safe. Every method does nothing by default.
 */
public interface TrainingListener {

  /** Tells nothing. */
  TrainingListener NONE = new TrainingListener() {};

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
