package io.nas4j.reports;

import static io.nas4j.reports.Findings.contrast;
import static io.nas4j.reports.Findings.partialTrend;
import static io.nas4j.reports.Findings.trend;

import io.nas4j.space.arch.Architecture;
import io.nas4j.space.arch.Layer;
import io.nas4j.space.arch.Padding;
import io.nas4j.space.arch.PoolKind;
import io.nas4j.space.journal.CandidateEntry;
import io.nas4j.space.result.Status;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers to the CNN design questions from a run's trained candidates, each with an effect size,
 * its 95% confidence interval and the sample size, or "not enough data". Observational: the
 * candidates differ in more than the compared choice, so read the intervals, not the signs. The
 * statistics (contrasts and rank correlations, and when there is not enough data) are {@link
 * Findings}'.
 */
public final class Evidence {

  /**
   * One answer; {@code measure} names what {@code effect} is ("A - B" for a contrast of validation
   * accuracy, "rho(feature)" for a trend), {@code n} counts the candidates used (both groups for a
   * contrast).
   */
  public record Finding(
      String question,
      String kind,
      String measure,
      double effect,
      double low,
      double high,
      int n,
      String text) {

    public boolean enoughData() {
      return !Double.isNaN(effect);
    }
  }

  private Evidence() {}

  public static List<Finding> of(List<CandidateEntry> candidates) {
    List<CandidateEntry> trained =
        candidates.stream()
            .filter(c -> c.result().status() == Status.OK || c.result().status() == Status.PRUNED)
            .toList();
    List<Finding> out = new ArrayList<>();
    out.add(
        trend(
            "kernel size vs accuracy",
            "mean conv kernel size",
            trained,
            c ->
                convs(c.architecture()).stream()
                    .mapToInt(Layer.Convolution::kernel)
                    .average()
                    .orElse(Double.NaN)));
    out.add(
        partialTrend(
            "kernel size vs accuracy at matched cost",
            "mean conv kernel size",
            trained,
            c ->
                convs(c.architecture()).stream()
                    .mapToInt(Layer.Convolution::kernel)
                    .average()
                    .orElse(Double.NaN),
            c -> Math.log(Math.max(1, c.result().macs()))));
    out.add(
        contrast(
            "odd vs even kernels",
            "all kernels odd",
            "some kernel even",
            trained,
            c -> convs(c.architecture()).stream().allMatch(l -> l.kernel() % 2 == 1),
            c -> convs(c.architecture()).stream().anyMatch(l -> l.kernel() % 2 == 0)));
    out.add(
        contrast(
            "stride-2 convolution vs pooling for downsampling",
            "strided convs, no pooling",
            "pooling, no strided conv",
            trained,
            c -> hasStridedConv(c.architecture()) && pools(c.architecture()).isEmpty(),
            c -> !hasStridedConv(c.architecture()) && !pools(c.architecture()).isEmpty()));
    out.add(
        contrast(
            "max vs avg pooling",
            "max pooling only",
            "avg pooling only",
            trained,
            c -> onlyPool(c.architecture(), PoolKind.MAX),
            c -> onlyPool(c.architecture(), PoolKind.AVG)));
    out.add(
        contrast(
            "conv bias with batch norm",
            "bias before BN",
            "no bias before BN",
            trained,
            c -> convBias(c.architecture(), true, true),
            c -> convBias(c.architecture(), true, false)));
    out.add(
        contrast(
            "conv bias without batch norm",
            "bias, no BN after the conv",
            "no bias, no BN after the conv",
            trained,
            c -> convBias(c.architecture(), false, true),
            c -> convBias(c.architecture(), false, false)));
    out.add(
        contrast(
            "same vs valid padding",
            "all same",
            "all valid",
            trained,
            c -> allPadding(c.architecture(), Padding.SAME),
            c -> allPadding(c.architecture(), Padding.VALID)));
    out.add(
        contrast(
            "two stacked 3x3 vs one 5x5",
            "stacked 3x3, no 5x5",
            "5x5, no stacked 3x3",
            trained,
            c -> stacked3x3(c.architecture()) && !has5x5(c.architecture()),
            c -> has5x5(c.architecture()) && !stacked3x3(c.architecture())));
    out.add(
        trend(
            "channels vs accuracy",
            "widest conv (channels)",
            trained,
            c ->
                convs(c.architecture()).stream()
                    .mapToInt(Layer.Convolution::filters)
                    .max()
                    .orElse(0)));
    out.add(trend("cost vs accuracy", "MACs", trained, c -> c.result().macs()));
    out.add(trend("size vs accuracy", "parameters", trained, c -> c.result().params()));
    if (trained.stream().anyMatch(c -> c.architecture().graph())) { // runs of a graph space
      out.add(
          partialTrend(
              "residual vs plain at equal depth",
              "has a residual block",
              trained,
              c -> has(c.architecture(), Layer.Residual.class) ? 1 : 0,
              c -> c.architecture().convolutions(),
              "depth"));
      out.add(
          partialTrend(
              "multi-branch vs single kernel at matched MACs",
              "has a multi-branch block",
              trained,
              c -> has(c.architecture(), Layer.Branches.class) ? 1 : 0,
              c -> Math.log(Math.max(1, c.result().macs()))));
    }
    return out;
  }

  /** The layers of {@code a}, those inside residual and multi-branch blocks included. */
  private static List<Layer> all(Architecture a) {
    List<Layer> out = new ArrayList<>();
    for (Layer l : a.layers()) {
      out.add(l);
      if (l instanceof Layer.Residual r) {
        out.addAll(r.body());
      } else if (l instanceof Layer.Branches b) {
        b.branches().forEach(out::addAll);
      }
    }
    return out;
  }

  private static boolean has(Architecture a, Class<? extends Layer> kind) {
    return a.layers().stream().anyMatch(kind::isInstance);
  }

  private static List<Layer.Convolution> convs(Architecture a) {
    return all(a).stream()
        .filter(l -> l instanceof Layer.Convolution)
        .map(l -> (Layer.Convolution) l)
        .toList();
  }

  private static List<Layer.Pool> pools(Architecture a) {
    return all(a).stream().filter(l -> l instanceof Layer.Pool).map(l -> (Layer.Pool) l).toList();
  }

  private static boolean hasStridedConv(Architecture a) {
    return convs(a).stream().anyMatch(l -> l.stride() > 1);
  }

  private static boolean onlyPool(Architecture a, PoolKind kind) {
    List<Layer.Pool> pools = pools(a);
    return !pools.isEmpty() && pools.stream().allMatch(p -> p.kind() == kind);
  }

  private static boolean allPadding(Architecture a, Padding padding) {
    List<Layer.Convolution> convs = convs(a);
    return !convs.isEmpty() && convs.stream().allMatch(l -> l.padding() == padding);
  }

  /**
   * Whether every conv that is (or is not, per {@code beforeNorm}) directly followed by batch norm
   * has (or has not) a bias; false when there is no such conv. Convs inside residual and
   * multi-branch blocks count.
   */
  private static boolean convBias(Architecture a, boolean beforeNorm, boolean bias) {
    boolean any = false;
    for (List<Layer> path : paths(a.layers())) {
      for (int i = 0; i + 1 < path.size(); i++) {
        if (path.get(i) instanceof Layer.Convolution c
            && (path.get(i + 1) instanceof Layer.BatchNorm) == beforeNorm) {
          if (c.bias() != bias) {
            return false;
          }
          any = true;
        }
      }
    }
    return any;
  }

  private static boolean has5x5(Architecture a) {
    return convs(a).stream().anyMatch(l -> l.kernel() == 5);
  }

  /**
   * Two 3x3 convs in a row (batch norm, activations and dropout between them allowed), in the chain
   * or in the body of a residual block or a branch (a pool, dense layer or block between two convs
   * breaks the row).
   */
  private static boolean stacked3x3(Architecture a) {
    for (List<Layer> path : paths(a.layers())) {
      Layer.Convolution previous = null;
      for (Layer l : path) {
        if (l instanceof Layer.Convolution c) {
          if (previous != null && previous.kernel() == 3 && c.kernel() == 3) {
            return true;
          }
          previous = c;
        } else if (!(l instanceof Layer.BatchNorm
            || l instanceof Layer.Activation
            || l instanceof Layer.Dropout)) {
          previous = null;
        }
      }
    }
    return false;
  }

  /** {@code layers} and, for each residual or multi-branch block in it, its body or branches. */
  private static List<List<Layer>> paths(List<Layer> layers) {
    List<List<Layer>> out = new ArrayList<>();
    out.add(layers);
    for (Layer l : layers) {
      if (l instanceof Layer.Residual r) {
        out.addAll(paths(r.body()));
      } else if (l instanceof Layer.Branches b) {
        b.branches().forEach(branch -> out.addAll(paths(branch)));
      }
    }
    return out;
  }
}
