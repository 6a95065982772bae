package io.nas4j.space.arch;

import java.util.List;
import java.util.Objects;

/**
 * One layer of a candidate network. Layers are immutable values; equal layers build equal DL4J
 * layers. Spatial layers ({@link Conv}, {@link SeparableConv}, {@link Pool}, the blocks {@link
 * Residual} and {@link Branches}, and {@link GlobalPool}) come before the first {@link Dense} or
 * the {@link Output}; the flattening between them is implicit, or a global pool.
 */
public sealed interface Layer {

  /** Whether this layer works on a height x width grid (and so cannot follow a flattening). */
  default boolean spatial() {
    return false;
  }

  /** What standard and depthwise-separable convolutions have in common. */
  sealed interface Convolution extends Layer {
    int kernel();

    int filters();

    int stride();

    Padding padding();

    boolean bias();
  }

  /** A square 2-D convolution with {@code filters} output channels. */
  record Conv(int kernel, int filters, int stride, Padding padding, boolean bias)
      implements Convolution {
    public Conv {
      checkConv(kernel, filters, stride, padding);
    }

    @Override
    public boolean spatial() {
      return true;
    }
  }

  /**
   * A depthwise-separable convolution: a depthwise {@code kernel x kernel} convolution per input
   * channel (depth multiplier 1), then a pointwise 1x1 convolution to {@code filters} channels.
   */
  record SeparableConv(int kernel, int filters, int stride, Padding padding, boolean bias)
      implements Convolution {
    public SeparableConv {
      checkConv(kernel, filters, stride, padding);
    }

    @Override
    public boolean spatial() {
      return true;
    }
  }

  /** Batch normalisation over channels (or features after a dense layer). */
  record BatchNorm() implements Layer {}

  /** An element-wise activation. */
  record Activation(ActivationFn function) implements Layer {
    public Activation {
      Objects.requireNonNull(function, "function");
    }
  }

  /**
   * Max or average pooling; windows may overlap ({@code stride < size}). Without padding ({@code
   * valid}, the chains' pools) or with {@code same} padding (output {@code ceil(in / stride)}, as
   * the pool branch of a multi-branch block needs to keep its input's size).
   */
  record Pool(PoolKind kind, int size, int stride, Padding padding) implements Layer {
    public Pool {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(padding, "padding");
      require(size >= 1, "pool size must be >= 1, but was " + size);
      require(stride >= 1, "pool stride must be >= 1, but was " + stride);
    }

    /** A pool without padding. */
    public Pool(PoolKind kind, int size, int stride) {
      this(kind, size, stride, Padding.VALID);
    }

    @Override
    public boolean spatial() {
      return true;
    }
  }

  /**
   * A residual block: {@code body} (convolutions, batch norms, activations) added element-wise to
   * the block's input, through a projection when the body changes the channels or the size (a 1x1
   * convolution without bias and with the body's total stride, then a batch norm if the body has
   * one). An activation after the addition is the next layer of the chain (post-activation, as in
   * ResNet); a body that starts with batch norm and an activation is the pre-activation form.
   */
  record Residual(List<Layer> body) implements Layer {
    public Residual {
      body = List.copyOf(body);
      require(!body.isEmpty(), "a residual block needs a body");
      require(
          body.stream().anyMatch(l -> l instanceof Convolution),
          "a residual block's body needs a convolution");
      for (Layer l : body) {
        require(
            l instanceof Convolution || l instanceof BatchNorm || l instanceof Activation,
            "a residual block's body holds convolutions, batch norms and activations, not " + l);
      }
    }

    /** The product of the body's strides: the projection's stride. */
    public int stride() {
      return body.stream()
          .filter(l -> l instanceof Convolution)
          .mapToInt(l -> ((Convolution) l).stride())
          .reduce(1, (a, b) -> a * b);
    }

    @Override
    public boolean spatial() {
      return true;
    }
  }

  /**
   * A multi-branch (Inception-style) block: each branch (convolutions, batch norms, activations,
   * pools) reads the block's input; their outputs, which must have the same height and width, are
   * concatenated on channels in branch order.
   */
  record Branches(List<List<Layer>> branches) implements Layer {
    public Branches {
      branches = branches.stream().map(List::copyOf).toList();
      require(branches.size() >= 2, "a multi-branch block needs 2 or more branches");
      for (List<Layer> branch : branches) {
        require(!branch.isEmpty(), "a branch needs a layer");
        for (Layer l : branch) {
          require(
              l instanceof Convolution
                  || l instanceof BatchNorm
                  || l instanceof Activation
                  || l instanceof Pool,
              "a branch holds convolutions, batch norms, activations and pools, not " + l);
        }
      }
    }

    @Override
    public boolean spatial() {
      return true;
    }
  }

  /**
   * Global average or max pooling: one value per channel, the end of the spatial part (a head of
   * its own, or before dense layers).
   */
  record GlobalPool(PoolKind kind) implements Layer {
    public GlobalPool {
      Objects.requireNonNull(kind, "kind");
    }

    @Override
    public boolean spatial() {
      return true;
    }
  }

  /** A fully connected layer with bias; its activation is a separate {@link Activation}. */
  record Dense(int units) implements Layer {
    public Dense {
      require(units >= 1, "dense units must be >= 1, but was " + units);
    }
  }

  /** Drops each input value with probability {@code rate} during training. */
  record Dropout(double rate) implements Layer {
    public Dropout {
      require(rate > 0 && rate < 1, "dropout rate must be in (0, 1), but was " + rate);
    }
  }

  /** The softmax classifier with cross-entropy loss; always the last layer. */
  record Output(int classes) implements Layer {
    public Output {
      require(classes >= 2, "output classes must be >= 2, but was " + classes);
    }
  }

  private static void checkConv(int kernel, int filters, int stride, Padding padding) {
    Objects.requireNonNull(padding, "padding");
    require(kernel >= 1, "conv kernel must be >= 1, but was " + kernel);
    require(filters >= 1, "conv filters must be >= 1, but was " + filters);
    require(stride >= 1, "conv stride must be >= 1, but was " + stride);
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
