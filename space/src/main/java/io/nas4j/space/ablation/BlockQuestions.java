package io.nas4j.space.ablation;

import io.nas4j.space.arch.Analysis;
import io.nas4j.space.arch.Architecture;
import io.nas4j.space.arch.Layer;
import io.nas4j.space.arch.Padding;
import io.nas4j.space.arch.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/** The questions about graph blocks: the residual skip and the multi-branch block. */
final class BlockQuestions {

  private BlockQuestions() {}

  /**
   * The first residual block without its skip (its body as plain layers of the chain); in a network
   * without one, the first two conv blocks in a row wrapped in a residual block (the activation
   * after the second conv comes after the addition, as in ResNet).
   */
  static Question skip(Architecture base) {
    List<Layer> layers = base.layers();
    for (int i = 0; i < layers.size(); i++) {
      if (layers.get(i) instanceof Layer.Residual r) {
        List<Layer> v = new ArrayList<>(layers);
        v.remove(i);
        v.addAll(i, r.body());
        QuestionBuilder b = new QuestionBuilder("skip", base, i);
        b.add("no skip (the same layers as a plain chain)", Ablations.arch(base, v));
        return b.build();
      }
    }
    for (int i = 0; i < layers.size(); i++) {
      if (!(layers.get(i) instanceof Layer.Convolution)) {
        continue;
      }
      int second = Ablations.endOfBlock(layers, i);
      if (second >= layers.size() || !(layers.get(second) instanceof Layer.Convolution)) {
        continue;
      }
      int end = Ablations.endOfBlock(layers, second);
      List<Layer> body = new ArrayList<>(layers.subList(i, end));
      if (body.stream().anyMatch(l -> l instanceof Layer.Dropout)) {
        continue;
      }
      List<Layer> v = new ArrayList<>(layers.subList(0, i));
      Layer last = body.get(body.size() - 1);
      boolean activationAfter = last instanceof Layer.Activation;
      if (activationAfter) {
        body.remove(body.size() - 1);
      }
      v.add(new Layer.Residual(body));
      if (activationAfter) {
        v.add(last);
      }
      v.addAll(layers.subList(end, layers.size()));
      QuestionBuilder b = new QuestionBuilder("skip", base, i);
      b.add("a skip around layers " + i + "-" + (end - 1), Ablations.arch(base, v));
      return b.build();
    }
    return Question.notApplicable(
        "skip", Ablations.title("skip"), "no residual block and no two conv blocks in a row");
  }

  /**
   * The first multi-branch block replaced by one 3x3 and by one 5x5 convolution (same padding, the
   * block's downsampling as stride, followed by batch norm if a branch has one and by the first
   * branch's activation), each with the filter count that brings the network's MACs closest to the
   * base's.
   */
  static Question branches(Architecture base) {
    List<Layer> layers = base.layers();
    int at =
        IntStream.range(0, layers.size())
            .filter(i -> layers.get(i) instanceof Layer.Branches)
            .findFirst()
            .orElse(-1);
    if (at < 0) {
      return Question.notApplicable(
          "branches", Ablations.title("branches"), "no multi-branch block");
    }
    Layer.Branches block = (Layer.Branches) layers.get(at);
    Analysis.LayerCost cost = Analysis.of(base).layers().get(at);
    QuestionBuilder b = new QuestionBuilder("branches", base, at);
    int stride = stride(cost.in(), cost.out());
    if (stride < 1) {
      b.invalid(
          "single convolution: no stride maps %dx%d to %dx%d with same padding"
              .formatted(
                  cost.in().height(), cost.in().width(), cost.out().height(), cost.out().width()));
      return b.build();
    }
    List<Layer> first = block.branches().get(0);
    boolean bias =
        first.stream()
            .filter(l -> l instanceof Layer.Convolution)
            .map(l -> ((Layer.Convolution) l).bias())
            .findFirst()
            .orElse(true);
    boolean norm =
        block.branches().stream().flatMap(List::stream).anyMatch(l -> l instanceof Layer.BatchNorm);
    Layer activation =
        first.stream().filter(l -> l instanceof Layer.Activation).findFirst().orElse(null);
    for (int k : new int[] {3, 5}) {
      b.matched(
          "single %dx%d convolution".formatted(k, k),
          base,
          4 * cost.out().channels(),
          f -> {
            List<Layer> v = new ArrayList<>(layers.subList(0, at));
            v.add(new Layer.Conv(k, f, stride, Padding.SAME, bias));
            if (norm) {
              v.add(new Layer.BatchNorm());
            }
            if (activation != null) {
              v.add(activation);
            }
            v.addAll(layers.subList(at + 1, layers.size()));
            return Ablations.arch(base, v);
          });
    }
    return b.build();
  }

  /** The stride s with ceil(in / s) == out in both dimensions (same padding), or 0. */
  private static int stride(Shape in, Shape out) {
    for (int s = 1; s <= Math.max(in.height(), in.width()); s++) {
      if (ceilDiv(in.height(), s) == out.height() && ceilDiv(in.width(), s) == out.width()) {
        return s;
      }
    }
    return 0;
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }
}
