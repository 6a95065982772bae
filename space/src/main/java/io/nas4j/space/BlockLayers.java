package io.nas4j.space;

import io.nas4j.space.arch.Layer;
import io.nas4j.space.arch.Padding;
import io.nas4j.space.arch.PoolKind;
import io.nas4j.space.spec.ConvType;
import java.util.ArrayList;
import java.util.List;

/** The layers of one block from its genes: convolutions, residual bodies, branches. */
record BlockLayers(
    int kernel,
    int channels,
    ConvType type,
    boolean batchNorm,
    boolean bias,
    Layer.Activation activation) {

  /** A convolution, its batch norm if chosen, and the activation if {@code activate}. */
  void add(List<Layer> out, int k, int filters, int stride, Padding padding, boolean activate) {
    out.add(
        type == ConvType.SEPARABLE
            ? new Layer.SeparableConv(k, filters, stride, padding, bias)
            : new Layer.Conv(k, filters, stride, padding, bias));
    if (batchNorm) {
      out.add(new Layer.BatchNorm());
    }
    if (activate) {
      out.add(activation);
    }
  }

  /** A plain block: {@code convs} x [conv, bn?, act], the block's stride on the first. */
  void plain(List<Layer> out, int convs, int stride, Padding padding) {
    for (int i = 0; i < convs; i++) {
      add(out, kernel, channels, i == 0 ? stride : 1, padding, true);
    }
  }

  /**
   * Post-activation: [conv, bn?, act] x (convs - 1), conv, bn?, the addition, act. Pre-activation:
   * [bn?, act, conv] x convs, the addition. Same padding, so the body can be added to its input.
   */
  void residual(List<Layer> out, int convs, int stride, boolean pre) {
    List<Layer> body = new ArrayList<>();
    for (int i = 0; i < convs; i++) {
      int s = i == 0 ? stride : 1;
      if (pre) {
        if (batchNorm) {
          body.add(new Layer.BatchNorm());
        }
        body.add(activation);
        body.add(
            type == ConvType.SEPARABLE
                ? new Layer.SeparableConv(kernel, channels, s, Padding.SAME, bias)
                : new Layer.Conv(kernel, channels, s, Padding.SAME, bias));
      } else {
        add(body, kernel, channels, s, Padding.SAME, i < convs - 1);
      }
    }
    out.add(new Layer.Residual(body));
    if (!pre) {
      out.add(activation);
    }
  }

  /**
   * The branches whose width is not 0, each with the block's stride on its first layer: 1x1; 3x3;
   * 5x5 (two 3x3 with {@code convs >= 2}); 3x3 max pool then 1x1. One branch is a plain chain (with
   * no branch at all the block is a plain block).
   */
  void branches(List<Layer> out, int convs, int stride, int[] widths) {
    List<List<Layer>> branches = new ArrayList<>();
    for (int i = 0; i < widths.length; i++) {
      if (widths[i] == 0) {
        continue;
      }
      List<Layer> branch = new ArrayList<>();
      switch (i) {
        case 0 -> add(branch, 1, widths[i], stride, Padding.SAME, true);
        case 1 -> add(branch, 3, widths[i], stride, Padding.SAME, true);
        case 2 -> {
          if (convs >= 2) {
            add(branch, 3, widths[i], stride, Padding.SAME, true);
            add(branch, 3, widths[i], 1, Padding.SAME, true);
          } else {
            add(branch, 5, widths[i], stride, Padding.SAME, true);
          }
        }
        default -> {
          branch.add(new Layer.Pool(PoolKind.MAX, 3, stride, Padding.SAME));
          add(branch, 1, widths[i], 1, Padding.SAME, true);
        }
      }
      branches.add(branch);
    }
    if (branches.size() == 1) {
      out.addAll(branches.get(0));
    } else if (branches.size() > 1) {
      out.add(new Layer.Branches(branches));
    }
  }
}
