package io.nas4j.space.ablation;

import io.nas4j.space.arch.ActivationFn;
import io.nas4j.space.arch.Analysis;
import io.nas4j.space.arch.Architecture;
import io.nas4j.space.arch.Layer;
import io.nas4j.space.arch.Padding;
import io.nas4j.space.arch.PoolKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the one-factor variants that answer the CNN design questions for one architecture. Each
 * variant differs from the base in the one choice its question is about (and, for the matched-cost
 * question, in the width that keeps the MACs within {@value #MATCHED_MACS} of the base's). A
 * question that does not apply says why; a variant whose shapes collapse is listed as invalid with
 * the reason instead of being trained.
 */
public final class Ablations {

  /** How close a matched-cost variant's MACs must be to the base's (relative). */
  public static final double MATCHED_MACS = 0.10;

  private static final Map<String, String> TITLES = new LinkedHashMap<>();

  static {
    TITLES.put("kernel", "kernel 3 vs 5 vs 7");
    TITLES.put("kernel-matched", "kernel 3 vs 5 vs 7 at matched MACs");
    TITLES.put("even-kernel", "even kernel vs its odd neighbours");
    TITLES.put("downsampling", "stride-2 convolution vs conv + max pool vs conv + avg pool");
    TITLES.put("bias-bn", "conv bias on/off before batch norm");
    TITLES.put("stacked-3x3", "one 5x5 vs two stacked 3x3");
    TITLES.put("padding", "same vs valid padding");
    TITLES.put("conv-type", "standard vs depthwise-separable vs 1x1 bottleneck");
    TITLES.put("depth", "one conv block more or less");
    TITLES.put("width", "channels x0.5 / x2");
    TITLES.put("skip", "residual skip vs none");
    TITLES.put("branches", "multi-branch vs single kernel at matched MACs");
  }

  /** The question ids, in the order they are asked. */
  public static final List<String> IDS = List.copyOf(TITLES.keySet());

  private Ablations() {}

  /** The question's words for an id. */
  public static String title(String id) {
    String title = TITLES.get(id);
    if (title == null) {
      throw new IllegalArgumentException(
          "question must be one of " + String.join(", ", IDS) + ", but was " + id);
    }
    return title;
  }

  /** The questions {@code ids} (in {@link #IDS} order) asked of {@code base}. */
  public static List<Question> of(Architecture base, List<String> ids) {
    ids.forEach(Ablations::title);
    Analysis analysis = Analysis.of(base);
    if (!analysis.valid()) {
      throw new IllegalArgumentException(
          "the base architecture is invalid: " + analysis.invalidReason().orElseThrow());
    }
    List<Question> out = new ArrayList<>();
    for (String id : IDS) {
      if (ids.contains(id)) {
        out.add(ask(id, base));
      }
    }
    return out;
  }

  private static Question ask(String id, Architecture base) {
    return switch (id) {
      case "kernel" -> kernel(base, false);
      case "kernel-matched" -> kernel(base, true);
      case "even-kernel" -> evenKernel(base);
      case "downsampling" -> downsampling(base);
      case "bias-bn" -> biasBeforeNorm(base);
      case "stacked-3x3" -> stacked(base);
      case "padding" -> padding(base);
      case "conv-type" -> convType(base);
      case "depth" -> depth(base);
      case "width" -> width(base);
      case "skip" -> BlockQuestions.skip(base);
      case "branches" -> BlockQuestions.branches(base);
      default -> throw new IllegalArgumentException(id);
    };
  }

  // -- the questions ------------------------------------------------------------------------

  private static Question kernel(Architecture base, boolean matched) {
    String id = matched ? "kernel-matched" : "kernel";
    int at = first(base, c -> c.kernel() == 3 || c.kernel() == 5 || c.kernel() == 7);
    if (at < 0) {
      return Question.notApplicable(id, title(id), "no 3x3, 5x5 or 7x7 convolution");
    }
    Layer.Convolution conv = conv(base, at);
    QuestionBuilder b = new QuestionBuilder(id, base, at);
    for (int k : new int[] {3, 5, 7}) {
      if (k == conv.kernel()) {
        continue;
      }
      Architecture v = replace(base, at, with(conv, k, conv.filters(), conv.stride()));
      if (!matched) {
        b.add("kernel " + k, v);
      } else {
        b.matched(
            "kernel " + k,
            base,
            4 * conv.filters(),
            f -> replace(base, at, with(conv, k, f, conv.stride())));
      }
    }
    return b.build();
  }

  private static Question evenKernel(Architecture base) {
    int at = first(base, c -> c.kernel() % 2 == 1 && c.kernel() >= 3);
    if (at < 0) {
      return Question.notApplicable(
          "even-kernel", title("even-kernel"), "no odd convolution kernel of 3 or more");
    }
    Layer.Convolution conv = conv(base, at);
    QuestionBuilder b = new QuestionBuilder("even-kernel", base, at);
    for (int k : new int[] {conv.kernel() - 1, conv.kernel() + 1}) {
      b.add("kernel " + k, replace(base, at, with(conv, k, conv.filters(), conv.stride())));
    }
    return b.build();
  }

  private static Question downsampling(Architecture base) {
    String id = "downsampling";
    List<Layer> layers = base.layers();
    for (int i = 0; i < layers.size(); i++) {
      if (layers.get(i) instanceof Layer.Convolution c && c.stride() == 2) {
        QuestionBuilder b = new QuestionBuilder(id, base, i);
        int after = endOfBlock(layers, i);
        for (PoolKind kind : PoolKind.values()) {
          List<Layer> v = new ArrayList<>(layers);
          v.set(i, with(c, c.kernel(), c.filters(), 1));
          v.add(after, new Layer.Pool(kind, 2, 2));
          b.add("stride 1 + " + kind.id() + " pool 2", arch(base, v));
        }
        return b.build();
      }
      if (layers.get(i) instanceof Layer.Pool p && p.stride() == 2 && convBefore(layers, i) >= 0) {
        int at = convBefore(layers, i);
        Layer.Convolution c = conv(base, at);
        QuestionBuilder b = new QuestionBuilder(id, base, i);
        List<Layer> strided = new ArrayList<>(layers);
        strided.remove(i);
        strided.set(at, with(c, c.kernel(), c.filters(), c.stride() * 2));
        b.add("stride-2 conv, no pool", arch(base, strided));
        PoolKind other = p.kind() == PoolKind.MAX ? PoolKind.AVG : PoolKind.MAX;
        b.add(
            other.id() + " pool instead",
            replace(base, i, new Layer.Pool(other, p.size(), p.stride())));
        return b.build();
      }
    }
    return Question.notApplicable(id, title(id), "no stride-2 convolution or pooling after a conv");
  }

  private static Question biasBeforeNorm(Architecture base) {
    List<Layer> layers = new ArrayList<>(base.layers());
    List<Integer> before = new ArrayList<>();
    for (int i = 0; i + 1 < layers.size(); i++) {
      if (layers.get(i) instanceof Layer.Convolution
          && layers.get(i + 1) instanceof Layer.BatchNorm) {
        before.add(i);
      }
    }
    if (before.isEmpty()) {
      return Question.notApplicable(
          "bias-bn", title("bias-bn"), "no convolution followed by batch norm");
    }
    boolean bias = conv(base, before.get(0)).bias();
    for (int i : before) {
      Layer.Convolution c = (Layer.Convolution) layers.get(i);
      layers.set(i, with(c, c.kernel(), c.filters(), c.stride(), c.padding(), !bias));
    }
    QuestionBuilder b = new QuestionBuilder("bias-bn", base, before.get(0));
    b.add(bias ? "no bias before BN" : "bias before BN", arch(base, layers));
    return b.build();
  }

  private static Question stacked(Architecture base) {
    String id = "stacked-3x3";
    List<Layer> layers = base.layers();
    int five = first(base, c -> c.kernel() == 5 && c.stride() == 1);
    if (five >= 0) {
      Layer.Convolution c = conv(base, five);
      List<Layer> v = new ArrayList<>(layers);
      int after = endOfBlock(layers, five);
      List<Layer> block = new ArrayList<>(layers.subList(five, after));
      block.set(0, with(c, 3, c.filters(), 1));
      v.set(five, with(c, 3, c.filters(), 1));
      v.addAll(after, block);
      if (!(layers.subList(five, after).stream().anyMatch(l -> l instanceof Layer.Activation))) {
        v.add(five + 1, new Layer.Activation(ActivationFn.RELU)); // a nonlinearity between them
      }
      QuestionBuilder b = new QuestionBuilder(id, base, five);
      b.add("two stacked 3x3", arch(base, v));
      return b.build();
    }
    for (int i = 0; i < layers.size(); i++) {
      if (layers.get(i) instanceof Layer.Convolution c && c.kernel() == 3 && c.stride() == 1) {
        int after = endOfBlock(layers, i);
        if (after < layers.size()
            && layers.get(after) instanceof Layer.Convolution d
            && d.kernel() == 3
            && d.stride() == 1) {
          List<Layer> v = new ArrayList<>(layers);
          v.subList(i, after).clear(); // keep the second conv's block, as a 5x5
          v.set(i, with(d, 5, d.filters(), 1));
          QuestionBuilder b = new QuestionBuilder(id, base, i);
          b.add("one 5x5", arch(base, v));
          return b.build();
        }
      }
    }
    return Question.notApplicable(id, title(id), "no 5x5 convolution and no two 3x3 in a row");
  }

  private static Question padding(Architecture base) {
    List<Integer> convs = convs(base);
    if (convs.isEmpty()) {
      return Question.notApplicable("padding", title("padding"), "no convolution");
    }
    Padding first = conv(base, convs.get(0)).padding();
    Padding other = first == Padding.SAME ? Padding.VALID : Padding.SAME;
    List<Layer> layers = new ArrayList<>(base.layers());
    for (int i : convs) {
      Layer.Convolution c = (Layer.Convolution) layers.get(i);
      layers.set(i, with(c, c.kernel(), c.filters(), c.stride(), other, c.bias()));
    }
    QuestionBuilder b = new QuestionBuilder("padding", base, convs.get(0));
    b.add("all " + other.id(), arch(base, layers));
    return b.build();
  }

  private static Question convType(Architecture base) {
    String id = "conv-type";
    int at = -1;
    long most = -1;
    List<Analysis.LayerCost> costs = Analysis.of(base).layers();
    for (int i = 0; i < costs.size(); i++) {
      if (costs.get(i).layer() instanceof Layer.Convolution c
          && c.kernel() > 1
          && costs.get(i).macs() > most) {
        at = i;
        most = costs.get(i).macs();
      }
    }
    if (at < 0) {
      return Question.notApplicable(id, title(id), "no convolution with a kernel above 1");
    }
    Layer.Convolution c = conv(base, at);
    QuestionBuilder b = new QuestionBuilder(id, base, at);
    boolean separable = c instanceof Layer.SeparableConv;
    Layer swapped =
        separable
            ? new Layer.Conv(c.kernel(), c.filters(), c.stride(), c.padding(), c.bias())
            : new Layer.SeparableConv(c.kernel(), c.filters(), c.stride(), c.padding(), c.bias());
    b.add(separable ? "standard" : "depthwise-separable", replace(base, at, swapped));
    int narrow = Math.max(1, costs.get(at).in().channels() / 4);
    List<Layer> v = new ArrayList<>(base.layers());
    v.add(at, new Layer.Activation(ActivationFn.RELU));
    v.add(at, new Layer.Conv(1, narrow, 1, Padding.SAME, true));
    b.add("1x1 bottleneck to " + narrow + " channels first", arch(base, v));
    return b.build();
  }

  private static Question depth(Architecture base) {
    List<Integer> convs = convs(base);
    if (convs.isEmpty()) {
      return Question.notApplicable("depth", title("depth"), "no convolution");
    }
    List<Layer> layers = base.layers();
    int last = convs.get(convs.size() - 1);
    int after = endOfBlock(layers, last);
    Layer.Convolution c = conv(base, last);
    QuestionBuilder b = new QuestionBuilder("depth", base, last);
    List<Layer> more = new ArrayList<>(layers);
    List<Layer> block = new ArrayList<>(layers.subList(last, after));
    block.set(0, with(c, c.kernel(), c.filters(), 1, Padding.SAME, c.bias()));
    more.addAll(after, block);
    b.add("one conv block more", arch(base, more));
    if (convs.size() >= 2) {
      List<Layer> less = new ArrayList<>(layers);
      less.subList(last, after).clear();
      b.add("one conv block less", arch(base, less));
    } else {
      b.invalid("one conv block less: the only convolution");
    }
    return b.build();
  }

  private static Question width(Architecture base) {
    List<Integer> convs = convs(base);
    if (convs.isEmpty()) {
      return Question.notApplicable("width", title("width"), "no convolution");
    }
    QuestionBuilder b = new QuestionBuilder("width", base, convs.get(0));
    for (double factor : new double[] {0.5, 2}) {
      List<Layer> layers = new ArrayList<>(base.layers());
      for (int i : convs) {
        Layer.Convolution c = (Layer.Convolution) layers.get(i);
        int filters = Math.max(1, (int) Math.round(c.filters() * factor));
        layers.set(i, with(c, c.kernel(), filters, c.stride()));
      }
      b.add("channels x" + (factor == 0.5 ? "0.5" : "2"), arch(base, layers));
    }
    return b.build();
  }

  // -- helpers ----------------------------------------------------------------------------

  private static List<Integer> convs(Architecture a) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < a.layers().size(); i++) {
      if (a.layers().get(i) instanceof Layer.Convolution) {
        out.add(i);
      }
    }
    return out;
  }

  private static int first(Architecture a, java.util.function.Predicate<Layer.Convolution> test) {
    for (int i : convs(a)) {
      if (test.test(conv(a, i))) {
        return i;
      }
    }
    return -1;
  }

  static Layer.Convolution conv(Architecture a, int i) {
    return (Layer.Convolution) a.layers().get(i);
  }

  /** The index after a conv's block: its batch norm, activation and dropout. */
  static int endOfBlock(List<Layer> layers, int conv) {
    int i = conv + 1;
    while (i < layers.size()
        && (layers.get(i) instanceof Layer.BatchNorm
            || layers.get(i) instanceof Layer.Activation
            || layers.get(i) instanceof Layer.Dropout)) {
      i++;
    }
    return i;
  }

  /** The convolution a pool at {@code pool} follows (only its block between them), or -1. */
  private static int convBefore(List<Layer> layers, int pool) {
    int i = pool - 1;
    while (i >= 0
        && (layers.get(i) instanceof Layer.BatchNorm
            || layers.get(i) instanceof Layer.Activation
            || layers.get(i) instanceof Layer.Dropout)) {
      i--;
    }
    return i >= 0 && layers.get(i) instanceof Layer.Convolution ? i : -1;
  }

  static Architecture replace(Architecture base, int at, Layer layer) {
    List<Layer> layers = new ArrayList<>(base.layers());
    layers.set(at, layer);
    return arch(base, layers);
  }

  static Architecture arch(Architecture base, List<Layer> layers) {
    return Architecture.of(base.input(), layers, base.training());
  }

  private static Layer with(Layer.Convolution c, int kernel, int filters, int stride) {
    return with(c, kernel, filters, stride, c.padding(), c.bias());
  }

  private static Layer with(
      Layer.Convolution c, int kernel, int filters, int stride, Padding padding, boolean bias) {
    return c instanceof Layer.SeparableConv
        ? new Layer.SeparableConv(kernel, filters, stride, padding, bias)
        : new Layer.Conv(kernel, filters, stride, padding, bias);
  }
}
