package io.nas4j.space.arch;

import java.util.Objects;

/**
 * One layer of a candidate network. Layers are immutable values; equal layers build equal DL4J
 * layers. Spatial layers ({@link Conv}, {@link SeparableConv}, {@link Pool}) come before the first
 * {@link Dense} or the {@link Output}; the flattening between them is implicit.
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

  /** Max or average pooling without padding; windows may overlap ({@code stride < size}). */
  record Pool(PoolKind kind, int size, int stride) implements Layer {
    public Pool {
      Objects.requireNonNull(kind, "kind");
      require(size >= 1, "pool size must be >= 1, but was " + size);
      require(stride >= 1, "pool stride must be >= 1, but was " + stride);
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
