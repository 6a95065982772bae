package io.nas4j.space.arch;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Shapes and costs of an architecture, computed arithmetically from the architecture alone.
 *
 * <p>Parameters are counted as DL4J's {@code numParams()} counts them: a batch-norm layer holds
 * four values per channel (gamma, beta and the running mean and variance). MACs are the forward
 * multiply-accumulates per image of the convolution and dense layers (a convolution costs {@code
 * cin*cout*kh*kw*hout*wout}); batch norm, activations, pooling, dropout, additions and
 * concatenations count as zero. A residual or multi-branch block is one entry of {@link #layers()}
 * with the costs of everything inside it (a residual block's projection included).
 *
 * <p>An architecture whose spatial size collapses, or that DL4J cannot build (a same-padded layer
 * whose stride exceeds its kernel by more than one), is invalid: {@link #invalidReason()} names the
 * layer and the sizes, and {@link #layers()} holds the layers up to the one that failed.
 */
public record Analysis(
    List<LayerCost> layers, long params, long macs, Optional<String> invalidReason) {

  /**
   * The words in {@link #invalidReason()} of a layer whose stride is too large for DL4J's same
   * padding.
   */
  public static final String UNPADDABLE = "would need negative padding";

  /**
   * One layer's input and output shapes and its cost; a block's also lists the layers inside it
   * ({@code inner}, branch after branch; empty for a plain layer).
   */
  public record LayerCost(
      Layer layer, Shape in, Shape out, long params, long macs, List<LayerCost> inner) {

    public LayerCost {
      inner = List.copyOf(inner);
    }

    public LayerCost(Layer layer, Shape in, Shape out, long params, long macs) {
      this(layer, in, out, params, macs, List.of());
    }
  }

  public Analysis {
    layers = List.copyOf(layers);
  }

  public boolean valid() {
    return invalidReason.isEmpty();
  }

  /** The output shape of the last analysed layer. */
  public Shape outputShape() {
    return layers.get(layers.size() - 1).out();
  }

  /**
   * Analyses an architecture; never throws for a structurally valid architecture (sizes too large
   * to count make it invalid).
   */
  public static Analysis of(Architecture architecture) {
    List<LayerCost> costs = new ArrayList<>();
    Shape shape = architecture.input();
    long params = 0;
    long macs = 0;
    List<Layer> layers = architecture.layers();
    for (int i = 0; i < layers.size(); i++) {
      Layer layer = layers.get(i);
      LayerCost cost;
      String problem;
      try {
        cost = cost(layer, shape);
        params = Math.addExact(params, cost.params());
        macs = Math.addExact(macs, cost.macs());
        costs.add(cost);
        shape = cost.out();
        continue;
      } catch (ShapeException | IllegalArgumentException e) {
        // IllegalArgumentException: a shape out of range, e.g. from a stride of 2^31 - 1.
        problem = e.getMessage();
      } catch (ArithmeticException e) {
        problem = "too large: its parameter or multiply-accumulate count overflows a long";
      }
      String where = "layer %d (%s)".formatted(i, Notation.token(layer));
      return new Analysis(costs, params, macs, Optional.of(where + ": " + problem));
    }
    return new Analysis(costs, params, macs, Optional.empty());
  }

  private static LayerCost cost(Layer layer, Shape in) throws ShapeException {
    if (layer instanceof Layer.Conv c) {
      Shape out = convOut(in, c.kernel(), c.filters(), c.stride(), c.padding());
      long weights = product(in.channels(), c.filters(), c.kernel(), c.kernel());
      long params = weights + (c.bias() ? c.filters() : 0);
      long macs = product(weights, out.height(), out.width());
      return new LayerCost(layer, in, out, params, macs);
    } else if (layer instanceof Layer.SeparableConv c) {
      Shape out = convOut(in, c.kernel(), c.filters(), c.stride(), c.padding());
      long depthwise = product(in.channels(), c.kernel(), c.kernel());
      long pointwise = product(in.channels(), c.filters());
      long params = Math.addExact(depthwise, pointwise) + (c.bias() ? c.filters() : 0);
      long macs = product(depthwise + pointwise, out.height(), out.width());
      return new LayerCost(layer, in, out, params, macs);
    } else if (layer instanceof Layer.BatchNorm) {
      return new LayerCost(layer, in, in, 4L * in.channels(), 0);
    } else if (layer instanceof Layer.Pool p) {
      return new LayerCost(layer, in, poolOut(in, p), 0, 0);
    } else if (layer instanceof Layer.GlobalPool) {
      return new LayerCost(layer, in, Shape.flat(in.channels()), 0, 0);
    } else if (layer instanceof Layer.Residual r) {
      return residual(r, in);
    } else if (layer instanceof Layer.Branches b) {
      return branches(b, in);
    } else if (layer instanceof Layer.Dense d) {
      long macs = Math.multiplyExact(in.size(), d.units());
      return new LayerCost(layer, in, Shape.flat(d.units()), Math.addExact(macs, d.units()), macs);
    } else if (layer instanceof Layer.Output o) {
      long macs = Math.multiplyExact(in.size(), o.classes());
      return new LayerCost(
          layer, in, Shape.flat(o.classes()), Math.addExact(macs, o.classes()), macs);
    } else if (layer instanceof Layer.Activation || layer instanceof Layer.Dropout) {
      return new LayerCost(layer, in, in, 0, 0);
    }
    throw new IllegalStateException("unknown layer " + layer);
  }

  /** A chain inside a block: its layers one after the other; {@code what} names it in errors. */
  private static LayerCost chain(Layer block, List<Layer> layers, Shape in, String what)
      throws ShapeException {
    Shape shape = in;
    long params = 0;
    long macs = 0;
    List<LayerCost> inner = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      LayerCost cost;
      try {
        cost = cost(layers.get(i), shape);
      } catch (ShapeException e) {
        throw new ShapeException(
            "%s layer %d (%s): %s"
                .formatted(what, i, Notation.token(layers.get(i)), e.getMessage()));
      }
      params = Math.addExact(params, cost.params());
      macs = Math.addExact(macs, cost.macs());
      shape = cost.out();
      inner.add(cost);
    }
    return new LayerCost(block, in, shape, params, macs, inner);
  }

  private static LayerCost residual(Layer.Residual r, Shape in) throws ShapeException {
    LayerCost body = chain(r, r.body(), in, "body");
    Shape out = body.out();
    if (out.equals(in)) {
      return body;
    }
    int stride = r.stride();
    Shape skip =
        Shape.of(
            out.channels(),
            (in.height() + stride - 1) / stride,
            (in.width() + stride - 1) / stride);
    if (!skip.equals(out)) {
      throw new ShapeException(
          "the body's output %dx%d cannot be added to the projected input %dx%d (stride %d; valid padding in a residual body shrinks it)"
              .formatted(out.height(), out.width(), skip.height(), skip.width(), stride));
    }
    long weights = product(in.channels(), out.channels());
    long params = weights + (r.body().contains(new Layer.BatchNorm()) ? 4L * out.channels() : 0);
    long macs = product(weights, out.height(), out.width());
    return new LayerCost(
        r,
        in,
        out,
        Math.addExact(body.params(), params),
        Math.addExact(body.macs(), macs),
        body.inner());
  }

  private static LayerCost branches(Layer.Branches b, Shape in) throws ShapeException {
    long params = 0;
    long macs = 0;
    int channels = 0;
    Shape first = null;
    List<LayerCost> inner = new ArrayList<>();
    for (int i = 0; i < b.branches().size(); i++) {
      LayerCost branch = chain(b, b.branches().get(i), in, "branch " + (i + 1));
      Shape out = branch.out();
      if (first != null && (out.height() != first.height() || out.width() != first.width())) {
        throw new ShapeException(
            "branch %d output %dx%d cannot be concatenated with branch 1's %dx%d"
                .formatted(i + 1, out.height(), out.width(), first.height(), first.width()));
      }
      first = first == null ? out : first;
      channels = Math.addExact(channels, out.channels());
      params = Math.addExact(params, branch.params());
      macs = Math.addExact(macs, branch.macs());
      inner.addAll(branch.inner());
    }
    return new LayerCost(
        b, in, Shape.of(channels, first.height(), first.width()), params, macs, inner);
  }

  /**
   * The product of {@code factors}.
   *
   * @throws ArithmeticException if it overflows a long
   */
  private static long product(long... factors) {
    long p = 1;
    for (long f : factors) {
      p = Math.multiplyExact(p, f);
    }
    return p;
  }

  private static Shape poolOut(Shape in, Layer.Pool p) throws ShapeException {
    if (p.padding() == Padding.SAME) {
      Shape out =
          Shape.of(
              in.channels(),
              (in.height() + p.stride() - 1) / p.stride(),
              (in.width() + p.stride() - 1) / p.stride());
      checkSamePadding(in, out, p.size(), p.stride(), "window");
      return out;
    }
    if (p.size() > in.height() || p.size() > in.width()) {
      throw new ShapeException(
          "pool window %dx%d is larger than its input %dx%d"
              .formatted(p.size(), p.size(), in.height(), in.width()));
    }
    int h = (in.height() - p.size()) / p.stride() + 1;
    int w = (in.width() - p.size()) / p.stride() + 1;
    return Shape.of(in.channels(), h, w);
  }

  private static Shape convOut(Shape in, int kernel, int filters, int stride, Padding padding)
      throws ShapeException {
    int h = outSize(in.height(), kernel, stride, padding);
    int w = outSize(in.width(), kernel, stride, padding);
    if (h < 1 || w < 1) {
      throw new ShapeException(
          "output %dx%d from input %dx%d (kernel %d, stride %d, %s padding) is empty"
              .formatted(h, w, in.height(), in.width(), kernel, stride, padding.id()));
    }
    Shape out = Shape.of(filters, h, w);
    if (padding == Padding.SAME) {
      checkSamePadding(in, out, kernel, stride, "kernel");
    }
    return out;
  }

  /**
   * DL4J's same mode pads {@code ((out - 1) * stride + kernel - in) / 2} rows above (rounded
   * towards zero) and refuses a negative amount, which a stride of more than {@code kernel + 1} can
   * need: such a layer fails in training, so it is invalid here.
   */
  private static void checkSamePadding(Shape in, Shape out, int kernel, int stride, String what)
      throws ShapeException {
    long rows = (out.height() - 1L) * stride + kernel - in.height();
    long columns = (out.width() - 1L) * stride + kernel - in.width();
    if (rows < -1 || columns < -1) {
      throw new ShapeException(
          "%s %d with stride %d and same padding on input %dx%d %s, which DL4J refuses; use valid padding or a %s of at least %d"
              .formatted(
                  what, kernel, stride, in.height(), in.width(), UNPADDABLE, what, stride - 1));
    }
  }

  private static int outSize(int in, int kernel, int stride, Padding padding) {
    return switch (padding) {
      case SAME -> (in + stride - 1) / stride;
      case VALID -> in < kernel ? 0 : (in - kernel) / stride + 1;
    };
  }

  private static final class ShapeException extends Exception {
    ShapeException(String message) {
      super(message, null, false, false);
    }
  }
}
