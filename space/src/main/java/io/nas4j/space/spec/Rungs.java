package io.nas4j.space.spec;

import io.nas4j.space.recipe.TrainingRecipe;
import java.util.List;

/**
 * Multi-fidelity search (asynchronous successive halving): a candidate trained at rung {@code r}
 * whose validation accuracy is in the top {@code 1 / eta} of the rung's candidates trains again at
 * rung {@code r + 1}, with that rung's recipe. Rung 0 is the spec's {@code budget}; {@code levels}
 * are the rungs above it, usually with more images, epochs and time, the last close to the final
 * training. No levels: a single-fidelity search.
 */
public record Rungs(int eta, List<TrainingRecipe> levels) {

  public static final int MAX_LEVELS = 5;

  public Rungs {
    levels = List.copyOf(levels);
    if (eta < 2 || eta > 10) {
      throw new IllegalArgumentException("rungs.eta must be in [2, 10], but was " + eta);
    }
    if (levels.size() > MAX_LEVELS) {
      throw new IllegalArgumentException(
          "rungs.levels must have at most %d rungs, but had %d"
              .formatted(MAX_LEVELS, levels.size()));
    }
  }

  /** A single-fidelity search. */
  public static Rungs none() {
    return new Rungs(3, List.of());
  }

  /** Whether there is more than rung 0. */
  public boolean any() {
    return !levels.isEmpty();
  }

  /**
   * How many candidates of a rung with {@code n} results may go on: {@code floor(n / eta)}, the top
   * of the rung.
   */
  public int promotable(int n) {
    return n / eta;
  }
}
