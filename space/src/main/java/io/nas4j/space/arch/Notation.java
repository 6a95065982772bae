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
 *       the size and {@code p} for same padding (default none).
 *   <li>{@code gap} / {@code gmp}: global average / max pooling.
 *   <li>{@code res(<body>)}: a residual block, e.g. {@code res(c3x32 bn relu | c3x32 bn) relu}.
 *   <li>{@code br(<branch>; <branch>; ...)}: a multi-branch block, e.g. {@code br(c1x16 relu; c3x16
 *       relu; max3s1p | c1x16 relu)}.
 *   <li>{@code d<units>}: dense; {@code out<classes>}: softmax output.
 * </ul>
 *
 * A {@code |} separates groups (it starts each convolution, pooling, block, dense and output layer)
 * and is ignored when parsing.
 */
public final class Notation {

  private static final Pattern CONV = Pattern.compile("(s?)c(\\d+)x(\\d+)(?:s(\\d+))?(v?)(nb)?");
  private static final Pattern POOL = Pattern.compile("(max|avg)(\\d+)(?:s(\\d+))?(p?)");
  private static final Pattern TOKENS = Pattern.compile("[();|]|[^\\s();|]+");
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
    List<String> tokens = new ArrayList<>();
    Matcher m = TOKENS.matcher(notation);
    while (m.find()) {
      tokens.add(m.group());
    }
    Parser parser = new Parser(tokens);
    List<Layer> layers = parser.chain(false);
    if (parser.at < tokens.size()) {
      throw new IllegalArgumentException(
          "notation token '%s' (layer %d): unexpected here"
              .formatted(tokens.get(parser.at), layers.size()));
    }
    return List.copyOf(layers);
  }

  /** Recursive descent over the tokens: a chain ends at the end, at ';' or at ')'. */
  private static final class Parser {
    private final List<String> tokens;
    private int at;

    Parser(List<String> tokens) {
      this.tokens = tokens;
    }

    List<Layer> chain(boolean inside) {
      List<Layer> layers = new ArrayList<>();
      while (at < tokens.size()) {
        String token = tokens.get(at);
        if (token.equals("|")) {
          at++;
          continue;
        }
        if (token.equals(";") || token.equals(")")) {
          if (!inside) {
            throw new IllegalArgumentException(
                "notation token '%s' (layer %d): outside a block".formatted(token, layers.size()));
          }
          break;
        }
        at++;
        try {
          if (at < tokens.size() && tokens.get(at).equals("(")) {
            at++;
            layers.add(block(token));
          } else {
            layers.add(layer(token));
          }
        } catch (IllegalArgumentException e) {
          if (e.getMessage() != null && e.getMessage().startsWith("notation token")) {
            throw e;
          }
          throw new IllegalArgumentException(
              "notation token '%s' (layer %d): %s".formatted(token, layers.size(), e.getMessage()),
              e);
        }
      }
      return layers;
    }

    private Layer block(String name) {
      List<List<Layer>> parts = new ArrayList<>();
      while (true) {
        parts.add(chain(true));
        if (at >= tokens.size()) {
          throw new IllegalArgumentException("block " + name + "( is not closed with ')'");
        }
        String end = tokens.get(at++);
        if (end.equals(")")) {
          break;
        }
      }
      return switch (name) {
        case "res" -> {
          if (parts.size() != 1) {
            throw new IllegalArgumentException("a residual block has one body, without ';'");
          }
          yield new Layer.Residual(parts.get(0));
        }
        case "br" -> new Layer.Branches(parts);
        default ->
            throw new IllegalArgumentException(
                "expected a block res(...) or br(...;...), but was " + name + "(");
      };
    }
  }

  private static boolean startsGroup(Layer layer) {
    return layer instanceof Layer.Convolution
        || layer instanceof Layer.Pool
        || layer instanceof Layer.GlobalPool
        || layer instanceof Layer.Residual
        || layer instanceof Layer.Branches
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
      return p.kind().id()
          + p.size()
          + (p.stride() == p.size() ? "" : "s" + p.stride())
          + (p.padding() == Padding.SAME ? "p" : "");
    } else if (layer instanceof Layer.GlobalPool g) {
      return g.kind() == PoolKind.MAX ? "gmp" : "gap";
    } else if (layer instanceof Layer.Residual r) {
      return "res(" + format(r.body()) + ")";
    } else if (layer instanceof Layer.Branches b) {
      return "br(" + String.join("; ", b.branches().stream().map(Notation::format).toList()) + ")";
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
    if (token.equals("gap") || token.equals("gmp")) {
      return new Layer.GlobalPool(token.equals("gap") ? PoolKind.AVG : PoolKind.MAX);
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
      Padding padding = m.group(4).isEmpty() ? Padding.VALID : Padding.SAME;
      return new Layer.Pool(PoolKind.fromId(m.group(1)), size, stride, padding);
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
          "expected a layer such as c3x32, sc3x64s2v, bn, max2, avg3s2, gap, res(...), br(...;"
              + " ...), d128, drop0.5, out10 or an activation "
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
