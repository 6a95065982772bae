package io.nas4j.evaluator;

import io.nas4j.space.arch.Architecture;
import io.nas4j.space.recipe.TrainingRecipe;
import java.util.Objects;

/**
 * What to train: an architecture as searched, the recipe it trains with (data sizes, stopping,
 * schedule, augmentation, ...), its seed (weights, shuffling, dropout, augmentation) and where it
 * starts and leaves its state ({@link Checkpoint}). Same candidate, same data, same backend and
 * threads: same result curve on CPU.
 */
public record Candidate(
    Architecture architecture, TrainingRecipe recipe, long seed, Checkpoint checkpoint) {

  public Candidate {
    Objects.requireNonNull(architecture, "architecture");
    Objects.requireNonNull(recipe, "recipe");
    Objects.requireNonNull(checkpoint, "checkpoint");
  }

  /** A candidate that starts from its initial weights and saves nothing. */
  public Candidate(Architecture architecture, TrainingRecipe recipe, long seed) {
    this(architecture, recipe, seed, Checkpoint.none());
  }

  /**
   * The architecture as it trains: with the recipe's batch size and learning rate, if it has any.
   */
  public Architecture trained() {
    return recipe.applyTo(architecture);
  }
}
