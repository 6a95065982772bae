package io.nas4j.evaluator;

import io.nas4j.space.arch.Architecture;
import io.nas4j.space.recipe.TrainingRecipe;
import java.util.Objects;

/**
 * What to train: an architecture as searched, the recipe it trains with (data sizes, stopping,
 * schedule, augmentation, ...) and its seed (weights, shuffling, dropout, augmentation). Same
 * candidate, same data, same backend and threads: same result curve on CPU.
 */
public record Candidate(Architecture architecture, TrainingRecipe recipe, long seed) {

  public Candidate {
    Objects.requireNonNull(architecture, "architecture");
    Objects.requireNonNull(recipe, "recipe");
  }

  /**
   * The architecture as it trains: with the recipe's batch size and learning rate, if it has any.
   */
  public Architecture trained() {
    return recipe.applyTo(architecture);
  }
}
