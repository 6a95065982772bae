package io.nas4j.space.arch;

import java.util.List;
import java.util.Objects;

/**
 * A concrete candidate network: its input, its layers in order (ending with one {@link
 * Layer.Output}) and its training hyperparameters. Immutable. Structural rules are checked here;
 * whether the spatial sizes work out is a question of {@link Analysis#of(Architecture)}.
 */
public record Architecture(Shape input, List<Layer> layers, Training training) {

  public Architecture {
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(training, "training");
    layers = List.copyOf(layers);
    if (layers.isEmpty() || !(layers.get(layers.size() - 1) instanceof Layer.Output)) {
      throw new IllegalArgumentException(
          "the last layer must be an output layer, but was " + last(layers));
    }
    boolean flat = false;
    for (int i = 0; i < layers.size(); i++) {
      Layer layer = layers.get(i);
      if (layer instanceof Layer.Output && i != layers.size() - 1) {
        throw new IllegalArgumentException("output layer must be last, but is at layer " + i);
      }
      if (layer.spatial() && flat) {
        throw new IllegalArgumentException(
            "spatial layer %s cannot follow a dense layer or a global pool (at layer %d)"
                .formatted(layer, i));
      }
      flat |= layer instanceof Layer.Dense || layer instanceof Layer.GlobalPool;
    }
  }

  public static Architecture of(Shape input, List<Layer> layers, Training training) {
    return new Architecture(input, layers, training);
  }

  /** Number of classes of the output layer. */
  public int classes() {
    return ((Layer.Output) layers.get(layers.size() - 1)).classes();
  }

  /**
   * Convolutions (standard or separable) on the longest path through the network: its depth. A
   * residual block counts its body; a multi-branch block its deepest branch.
   */
  public int convolutions() {
    return convolutions(layers);
  }

  /**
   * Whether at least half of all its convolutions (in every block and branch) are separable; false
   * without convolutions.
   */
  public boolean mostlySeparable() {
    int[] counts = new int[2]; // standard, separable
    count(layers, counts);
    return counts[1] > 0 && counts[1] >= counts[0];
  }

  private static void count(List<Layer> layers, int[] counts) {
    for (Layer l : layers) {
      if (l instanceof Layer.SeparableConv) {
        counts[1]++;
      } else if (l instanceof Layer.Convolution) {
        counts[0]++;
      } else if (l instanceof Layer.Residual r) {
        count(r.body(), counts);
      } else if (l instanceof Layer.Branches b) {
        b.branches().forEach(branch -> count(branch, counts));
      }
    }
  }

  /** Whether a layer makes this a graph rather than a chain (a residual or multi-branch block). */
  public boolean graph() {
    return layers.stream()
        .anyMatch(l -> l instanceof Layer.Residual || l instanceof Layer.Branches);
  }

  private static int convolutions(List<Layer> layers) {
    int n = 0;
    for (Layer l : layers) {
      if (l instanceof Layer.Convolution) {
        n++;
      } else if (l instanceof Layer.Residual r) {
        n += convolutions(r.body());
      } else if (l instanceof Layer.Branches b) {
        n += b.branches().stream().mapToInt(Architecture::convolutions).max().orElse(0);
      }
    }
    return n;
  }

  /** The compact one-line notation of the layers, e.g. {@code c3x32 bn relu | max2 | out10}. */
  public String notation() {
    return Notation.format(layers);
  }

  private static String last(List<Layer> layers) {
    return layers.isEmpty() ? "no layer" : layers.get(layers.size() - 1).toString();
  }
}
