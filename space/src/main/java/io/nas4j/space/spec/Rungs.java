package io.nas4j.space.spec;

import io.nas4j.space.arch.Architecture;
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
 * @param peers whom a candidate competes with for promotion out of rung 0: every candidate of the
 *     rung, or only those of its depth group (from rung 1 up, every candidate of its rung)
 */
public record Rungs(int eta, List<TrainingRecipe> levels, Promotion promotion, Peers peers) {

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

  /**
   * Whom a candidate competes with for a place in the top {@code 1 / eta} of rung 0. The proxy
   * favours shallow nets (they learn fast and stop improving early), so with {@code all} deep nets
   * rarely reach the rungs where they would win; {@code depth} promotes the top of each depth group
   * out of rung 0 instead, and the rungs above decide between the groups: from rung 1 up every
   * candidate of the rung competes.
   */
  public enum Peers {
    /** Every candidate trained at the rung: successive halving as published. */
    ALL,
    /**
     * The candidates of the same depth group: 1, 2, 3-4 or 5 and more convolutions (standard or
     * separable).
     */
    DEPTH,
    /**
     * The candidates of the same depth group and kind: chains apart from graphs (nets with a
     * residual or multi-branch block), which learn slower in the proxy's few epochs.
     */
    DEPTH_KIND,
    /**
     * The candidates of the same depth group and convolution type: nets whose convolutions are at
     * least half separable apart from those mostly of standard ones. As niches, it keeps a lineage
     * of each type breeding when the random start's best nets are all of one type.
     */
    DEPTH_TYPE;

    /** Added to the depth group of a graph with {@code depth-kind}. */
    static final int GRAPH_GROUPS = 10;

    /** Added to the depth group of a mostly separable net with {@code depth-type}. */
    static final int SEPARABLE_GROUPS = 20;

    /**
     * The group {@code architecture} competes in: 0 for {@code all}, else its depth group (1, 2, 3
     * or 5), with {@code depth-kind} plus {@value #GRAPH_GROUPS} for a graph, with {@code
     * depth-type} plus {@value #SEPARABLE_GROUPS} for a net whose convolutions are at least half
     * separable.
     */
    public int group(Architecture architecture) {
      if (this == ALL) {
        return 0;
      }
      int convolutions = architecture.convolutions();
      int depth = convolutions <= 2 ? convolutions : convolutions <= 4 ? 3 : 5;
      return switch (this) {
        case DEPTH_KIND -> architecture.graph() ? depth + GRAPH_GROUPS : depth;
        case DEPTH_TYPE -> architecture.mostlySeparable() ? depth + SEPARABLE_GROUPS : depth;
        default -> depth;
      };
    }

    /** What one group is called in descriptions: empty for {@code all}. */
    public String groupName() {
      return switch (this) {
        case ALL -> "";
        case DEPTH -> "depth group";
        case DEPTH_KIND -> "depth group and kind";
        case DEPTH_TYPE -> "depth group and convolution type";
      };
    }

    public String id() {
      return Ids.id(this);
    }

    public static Peers fromId(String id) {
      return Ids.parse(Peers.class, id);
    }
  }

  public Rungs {
    levels = List.copyOf(levels);
    Objects.requireNonNull(promotion, "promotion");
    Objects.requireNonNull(peers, "peers");
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
    this(eta, levels, Promotion.CONTINUE, Peers.ALL);
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
   * How many candidates of a rung (or of a depth group at a rung) with {@code n} results may go on:
   * {@code floor(n / eta)}, the top of the rung.
   */
  public int promotable(int n) {
    return n / eta;
  }
}
