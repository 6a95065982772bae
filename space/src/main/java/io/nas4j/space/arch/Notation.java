package io.nas4j.space.arch;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The compact one-line notation of a layer list, for reports and the command line, e.g. {@code
 * c3x32 bn relu | max2 | sc3x64s2v nb relu | d128 relu drop0.5 | out10}. It parses back to the same
 * layers.
 *
 * <ul>
 *   <li>{@code c<k>x<filters>}: convolution, kernel k; suffixes {@code s<stride>} (default 1),
 *       {@code v} for valid padding (default same), {@code nb} for no bias. {@code sc...} is the
 *       depthwise-separable form.
 *   <li>{@code bn}, an activation id ({@code relu}, {@code elu}, ...), {@code drop<rate>}.
 *   <li>{@code max<size>} / {@code avg<size>}, with {@code s<stride>} when the stride differs from
 *       the size.
 *   <li>{@code d<units>}: dense; {@code out<classes>}: softmax output.
 * </ul>
 *
 * A {@code |} separates groups (it starts each convolution, pooling, dense and output layer) and is
 * ignored when parsing.
 */
public final class Notation {

  private static final Pattern CONV = Pattern.compile("(s?)c(\\d+)x(\\d+)(?:s(\\d+))?(v?)(nb)?");
  private static final Pattern POOL = Pattern.compile("(max|avg)(\\d+)(?:s(\\d+))?");
  private static final Pattern DENSE = Pattern.compile("d(\\d+)");
  private static final Pattern DROPOUT = Pattern.compile("drop(\\d*\\.?\\d+(?:[eE]-?\\d+)?)");
  private static final Pattern OUTPUT = Pattern.compile("out(\\d+)");

  private Notation() {}

  public static String format(List<Layer> layers) {
    StringBuilder out = new StringBuilder();
    for (Layer layer : layers) {
      if (!out.isEmpty()) {
        out.append(startsGroup(layer) ? " | " : " ");
      }
      out.append(token(layer));
    }
    return out.toString();
  }

  /**
   * Parses a layer list.
   *
   * @throws IllegalArgumentException naming the first token that is not understood
   */
  public static List<Layer> parse(String notation) {
    List<Layer> layers = new ArrayList<>();
    for (String token : notation.trim().split("\\s+")) {
      if (token.isEmpty() || token.equals("|")) {
        continue;
      }
      try {
        layers.add(layer(token));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "notation token '%s' (layer %d): %s".formatted(token, layers.size(), e.getMessage()),
            e);
      }
    }
    return List.copyOf(layers);
  }

  private static boolean startsGroup(Layer layer) {
    return layer instanceof Layer.Convolution
        || layer instanceof Layer.Pool
        || layer instanceof Layer.Dense
        || layer instanceof Layer.Output;
  }

  static String token(Layer layer) {
    if (layer instanceof Layer.Convolution c) {
      return conv(c);
    } else if (layer instanceof Layer.BatchNorm) {
      return "bn";
    } else if (layer instanceof Layer.Activation a) {
      return a.function().id();
    } else if (layer instanceof Layer.Pool p) {
      return p.kind().id() + p.size() + (p.stride() == p.size() ? "" : "s" + p.stride());
    } else if (layer instanceof Layer.Dense d) {
      return "d" + d.units();
    } else if (layer instanceof Layer.Dropout d) {
      return "drop" + BigDecimal.valueOf(d.rate()).stripTrailingZeros().toPlainString();
    } else if (layer instanceof Layer.Output o) {
      return "out" + o.classes();
    }
    throw new IllegalStateException("unknown layer " + layer);
  }

  private static String conv(Layer.Convolution c) {
    return (c instanceof Layer.SeparableConv ? "sc" : "c")
        + c.kernel()
        + "x"
        + c.filters()
        + (c.stride() == 1 ? "" : "s" + c.stride())
        + (c.padding() == Padding.VALID ? "v" : "")
        + (c.bias() ? "" : "nb");
  }

  private static Layer layer(String token) {
    if (token.equals("bn")) {
      return new Layer.BatchNorm();
    }
    Matcher m;
    if ((m = CONV.matcher(token)).matches()) {
      int kernel = number(m.group(2));
      int filters = number(m.group(3));
      int stride = m.group(4) == null ? 1 : number(m.group(4));
      Padding padding = m.group(5).isEmpty() ? Padding.SAME : Padding.VALID;
      boolean bias = m.group(6) == null;
      return m.group(1).isEmpty()
          ? new Layer.Conv(kernel, filters, stride, padding, bias)
          : new Layer.SeparableConv(kernel, filters, stride, padding, bias);
    }
    if ((m = POOL.matcher(token)).matches()) {
      int size = number(m.group(2));
      int stride = m.group(3) == null ? size : number(m.group(3));
      return new Layer.Pool(PoolKind.fromId(m.group(1)), size, stride);
    }
    if ((m = DENSE.matcher(token)).matches()) {
      return new Layer.Dense(number(m.group(1)));
    }
    if ((m = DROPOUT.matcher(token)).matches()) {
      return new Layer.Dropout(Double.parseDouble(m.group(1)));
    }
    if ((m = OUTPUT.matcher(token)).matches()) {
      return new Layer.Output(number(m.group(1)));
    }
    try {
      return new Layer.Activation(ActivationFn.fromId(token));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "expected a layer such as c3x32, sc3x64s2v, bn, max2, avg3s2, d128, drop0.5, out10 or an"
              + " activation "
              + Ids.allowed(ActivationFn.class),
          e);
    }
  }

  private static int number(String digits) {
    try {
      return Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("number " + digits + " is too large", e);
    }
  }
}
