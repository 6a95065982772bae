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
 * cin*cout*kh*kw*hout*wout}); batch norm, activations, pooling and dropout count as zero.
 *
 * <p>An architecture whose spatial size collapses is invalid: {@link #invalidReason()} names the
 * layer and the sizes, and {@link #layers()} holds the layers up to the one that failed.
 */
public record Analysis(
    List<LayerCost> layers, long params, long macs, Optional<String> invalidReason) {

  /** One layer's input and output shapes and its cost. */
  public record LayerCost(Layer layer, Shape in, Shape out, long params, long macs) {}

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

  /** Analyses an architecture; never throws for a structurally valid architecture. */
  public static Analysis of(Architecture architecture) {
    List<LayerCost> costs = new ArrayList<>();
    Shape shape = architecture.input();
    long params = 0;
    long macs = 0;
    List<Layer> layers = architecture.layers();
    for (int i = 0; i < layers.size(); i++) {
      Layer layer = layers.get(i);
      LayerCost cost;
      try {
        cost = cost(layer, shape);
      } catch (ShapeException e) {
        String where = "layer %d (%s)".formatted(i, Notation.token(layer));
        return new Analysis(costs, params, macs, Optional.of(where + ": " + e.getMessage()));
      }
      costs.add(cost);
      params = Math.addExact(params, cost.params());
      macs = Math.addExact(macs, cost.macs());
      shape = cost.out();
    }
    return new Analysis(costs, params, macs, Optional.empty());
  }

  private static LayerCost cost(Layer layer, Shape in) throws ShapeException {
    if (layer instanceof Layer.Conv c) {
      Shape out = convOut(in, c.kernel(), c.filters(), c.stride(), c.padding());
      long weights = (long) in.channels() * c.filters() * c.kernel() * c.kernel();
      long params = weights + (c.bias() ? c.filters() : 0);
      long macs = weights * out.height() * out.width();
      return new LayerCost(layer, in, out, params, macs);
    } else if (layer instanceof Layer.SeparableConv c) {
      Shape out = convOut(in, c.kernel(), c.filters(), c.stride(), c.padding());
      long depthwise = (long) in.channels() * c.kernel() * c.kernel();
      long pointwise = (long) in.channels() * c.filters();
      long params = depthwise + pointwise + (c.bias() ? c.filters() : 0);
      long macs = (depthwise + pointwise) * out.height() * out.width();
      return new LayerCost(layer, in, out, params, macs);
    } else if (layer instanceof Layer.BatchNorm) {
      return new LayerCost(layer, in, in, 4L * in.channels(), 0);
    } else if (layer instanceof Layer.Pool p) {
      if (p.size() > in.height() || p.size() > in.width()) {
        throw new ShapeException(
            "pool window %dx%d is larger than its input %dx%d"
                .formatted(p.size(), p.size(), in.height(), in.width()));
      }
      int h = (in.height() - p.size()) / p.stride() + 1;
      int w = (in.width() - p.size()) / p.stride() + 1;
      return new LayerCost(layer, in, Shape.of(in.channels(), h, w), 0, 0);
    } else if (layer instanceof Layer.Dense d) {
      long macs = Math.multiplyExact(in.size(), d.units());
      return new LayerCost(layer, in, Shape.flat(d.units()), macs + d.units(), macs);
    } else if (layer instanceof Layer.Output o) {
      long macs = Math.multiplyExact(in.size(), o.classes());
      return new LayerCost(layer, in, Shape.flat(o.classes()), macs + o.classes(), macs);
    } else if (layer instanceof Layer.Activation || layer instanceof Layer.Dropout) {
      return new LayerCost(layer, in, in, 0, 0);
    }
    throw new IllegalStateException("unknown layer " + layer);
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
    return Shape.of(filters, h, w);
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
