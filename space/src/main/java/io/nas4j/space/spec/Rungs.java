package io.nas4j.space.spec;

import io.nas4j.space.arch.Ids;
import io.nas4j.space.recipe.TrainingRecipe;
import java.util.List;
import java.util.Objects;

/**
 * Multi-fidelity search (asynchronous successive halving): a candidate trained at rung {@code r}
 * whose validation accuracy is in the top {@code 1 / eta} of the rung's candidates trains again at
 * rung {@code r + 1}, with that rung's recipe. Rung 0 is the spec's {@code budget}; {@code levels}
 * are the rungs above it, usually with more images, epochs and time, the last close to the final
 * training. No levels: a single-fidelity search.
 *
 * @param promotion whether a promoted candidate continues from the weights and optimizer state it
 *     reached at the rung below, or trains again from its initial weights
 */
public record Rungs(int eta, List<TrainingRecipe> levels, Promotion promotion) {

  public static final int MAX_LEVELS = 5;

  /** What a promoted candidate starts from. */
  public enum Promotion {
    /** The weights and optimizer state it reached at the rung below (when they are on disk). */
    CONTINUE,
    /** Its initial weights, as if it had never trained. */
    RESTART;

    public String id() {
      return Ids.id(this);
    }

    public static Promotion fromId(String id) {
      return Ids.parse(Promotion.class, id);
    }
  }

  public Rungs {
    levels = List.copyOf(levels);
    Objects.requireNonNull(promotion, "promotion");
    if (eta < 2 || eta > 10) {
      throw new IllegalArgumentException("rungs.eta must be in [2, 10], but was " + eta);
    }
    if (levels.size() > MAX_LEVELS) {
      throw new IllegalArgumentException(
          "rungs.levels must have at most %d rungs, but had %d"
              .formatted(MAX_LEVELS, levels.size()));
    }
  }

  /** Rungs whose promoted candidates continue their training. */
  public Rungs(int eta, List<TrainingRecipe> levels) {
    this(eta, levels, Promotion.CONTINUE);
  }

  /** A single-fidelity search. */
  public static Rungs none() {
    return new Rungs(3, List.of());
  }

  /** Whether there is more than rung 0. */
  public boolean any() {
    return !levels.isEmpty();
  }

  /** Whether promoted candidates continue from the state they reached at the rung below. */
  public boolean continues() {
    return promotion == Promotion.CONTINUE;
  }

  /**
   * How many candidates of a rung with {@code n} results may go on: {@code floor(n / eta)}, the top
   * of the rung.
   */
  public int promotable(int n) {
    return n / eta;
  }
}
