package io.nas4j.reports;

import io.nas4j.space.arch.Architecture;
import io.nas4j.space.arch.Layer;
import io.nas4j.space.arch.Padding;
import io.nas4j.space.arch.PoolKind;
import io.nas4j.space.journal.CandidateEntry;
import io.nas4j.space.result.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;

/**
 * Answers to the CNN design questions from a run's trained candidates, each with an effect size,
 * its 95% confidence interval and the sample size, or "not enough data". Observational: the
 * candidates differ in more than the compared choice, so read the intervals, not the signs.
 *
 * <ul>
 *   <li>Contrasts (A vs B): difference of mean validation accuracy, Welch's t interval; needs at
 *       least {@value #MIN_GROUP} candidates per group.
 *   <li>Trends: Spearman rank correlation with accuracy, Fisher-z interval; needs at least {@value
 *       #MIN_TREND} candidates.
 * </ul>
 */
public final class Evidence {

  static final int MIN_GROUP = 3;
  static final int MIN_TREND = 6;

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

  static Finding contrast(
      String question,
      String a,
      String b,
      List<CandidateEntry> trained,
      Predicate<CandidateEntry> inA,
      Predicate<CandidateEntry> inB) {
    SummaryStatistics sa = new SummaryStatistics();
    SummaryStatistics sb = new SummaryStatistics();
    for (CandidateEntry c : trained) {
      if (inA.test(c)) {
        sa.addValue(c.result().bestValAccuracy());
      } else if (inB.test(c)) {
        sb.addValue(c.result().bestValAccuracy());
      }
    }
    int n = (int) (sa.getN() + sb.getN());
    if (sa.getN() < MIN_GROUP || sb.getN() < MIN_GROUP) {
      return notEnough(
          question,
          "contrast",
          a + " - " + b,
          n,
          "%s: not enough data (%s: %d, %s: %d candidates; need %d each)"
              .formatted(question, a, sa.getN(), b, sb.getN(), MIN_GROUP));
    }
    double diff = sa.getMean() - sb.getMean();
    double va = sa.getVariance() / sa.getN();
    double vb = sb.getVariance() / sb.getN();
    double se = Math.sqrt(va + vb);
    double df =
        se == 0
            ? sa.getN() + sb.getN() - 2
            : Math.pow(va + vb, 2) / (va * va / (sa.getN() - 1) + vb * vb / (sb.getN() - 1));
    double t = new TDistribution(df).inverseCumulativeProbability(0.975);
    double low = diff - t * se;
    double high = diff + t * se;
    return new Finding(
        question,
        "contrast",
        a + " - " + b,
        diff,
        low,
        high,
        n,
        String.format(
            Locale.ROOT,
            "%s: %s minus %s = %+.4f validation accuracy, 95%% CI [%+.4f, %+.4f] (n = %d + %d)",
            question,
            a,
            b,
            diff,
            low,
            high,
            sa.getN(),
            sb.getN()));
  }

  static Finding trend(
      String question,
      String feature,
      List<CandidateEntry> trained,
      ToDoubleFunction<CandidateEntry> x) {
    List<double[]> pairs = new ArrayList<>();
    for (CandidateEntry c : trained) {
      double value = x.applyAsDouble(c);
      if (!Double.isNaN(value)) {
        pairs.add(new double[] {value, c.result().bestValAccuracy()});
      }
    }
    int n = pairs.size();
    double[] xs = pairs.stream().mapToDouble(p -> p[0]).toArray();
    double[] ys = pairs.stream().mapToDouble(p -> p[1]).toArray();
    if (n < MIN_TREND || constant(xs) || constant(ys)) {
      return notEnough(
          question,
          "trend",
          "rho(" + feature + ")",
          n,
          "%s: not enough data (%d candidates with varying %s; need %d)"
              .formatted(question, n, feature, MIN_TREND));
    }
    double rho = new SpearmansCorrelation().correlation(xs, ys);
    double[] ci = fisherInterval(rho, n - 3);
    double low = ci[0];
    double high = ci[1];
    return new Finding(
        question,
        "trend",
        "rho(" + feature + ")",
        rho,
        low,
        high,
        n,
        String.format(
            Locale.ROOT,
            "%s: Spearman rho(%s, accuracy) = %+.2f, 95%% CI [%+.2f, %+.2f] (n = %d)",
            question,
            feature,
            rho,
            low,
            high,
            n));
  }

  /**
   * Spearman correlation of {@code x} with accuracy controlling for {@code control} (partial rank
   * correlation), with a Fisher-z interval on n - 4 degrees of freedom.
   */
  static Finding partialTrend(
      String question,
      String feature,
      List<CandidateEntry> trained,
      ToDoubleFunction<CandidateEntry> x,
      ToDoubleFunction<CandidateEntry> control) {
    return partialTrend(question, feature, trained, x, control, "log MACs");
  }

  /** As above, controlling for {@code control}, named {@code controlName}. */
  static Finding partialTrend(
      String question,
      String feature,
      List<CandidateEntry> trained,
      ToDoubleFunction<CandidateEntry> x,
      ToDoubleFunction<CandidateEntry> control,
      String controlName) {
    List<double[]> rows = new ArrayList<>();
    for (CandidateEntry c : trained) {
      double value = x.applyAsDouble(c);
      if (!Double.isNaN(value)) {
        rows.add(new double[] {value, c.result().bestValAccuracy(), control.applyAsDouble(c)});
      }
    }
    int n = rows.size();
    double[] xs = rows.stream().mapToDouble(r -> r[0]).toArray();
    double[] ys = rows.stream().mapToDouble(r -> r[1]).toArray();
    double[] zs = rows.stream().mapToDouble(r -> r[2]).toArray();
    if (n < MIN_TREND + 1 || constant(xs) || constant(ys) || constant(zs)) {
      return notEnough(
          question,
          "partial trend",
          "rho(" + feature + " | " + controlName + ")",
          n,
          "%s: not enough data (%d candidates with varying %s and cost; need %d)"
              .formatted(question, n, feature, MIN_TREND + 1));
    }
    SpearmansCorrelation spearman = new SpearmansCorrelation();
    double rxy = spearman.correlation(xs, ys);
    double rxz = spearman.correlation(xs, zs);
    double ryz = spearman.correlation(ys, zs);
    double denominator = Math.sqrt((1 - rxz * rxz) * (1 - ryz * ryz));
    if (denominator == 0) {
      return notEnough(
          question,
          "partial trend",
          "rho(" + feature + " | " + controlName + ")",
          n,
          "%s: not enough data (%s follows cost exactly)".formatted(question, feature));
    }
    double rho = (rxy - rxz * ryz) / denominator;
    double[] ci = fisherInterval(rho, n - 4);
    double low = ci[0];
    double high = ci[1];
    return new Finding(
        question,
        "partial trend",
        "rho(" + feature + " | " + controlName + ")",
        rho,
        low,
        high,
        n,
        String.format(
            Locale.ROOT,
            "%s: partial Spearman rho(%s, accuracy | %s) = %+.2f, 95%% CI [%+.2f, %+.2f]"
                + " (n = %d)",
            question,
            feature,
            controlName,
            rho,
            low,
            high,
            n));
  }

  /** The 95% interval of a correlation by Fisher's z with standard error 1 / sqrt(dof). */
  private static double[] fisherInterval(double rho, int dof) {
    double r = Math.max(-0.999999, Math.min(0.999999, rho));
    double z = 0.5 * Math.log((1 + r) / (1 - r));
    double half = new NormalDistribution().inverseCumulativeProbability(0.975) / Math.sqrt(dof);
    return new double[] {Math.tanh(z - half), Math.tanh(z + half)};
  }

  private static Finding notEnough(
      String question, String kind, String measure, int n, String text) {
    return new Finding(question, kind, measure, Double.NaN, Double.NaN, Double.NaN, n, text);
  }

  private static boolean constant(double[] values) {
    for (double v : values) {
      if (v != values[0]) {
        return false;
      }
    }
    return true;
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
   * has (or has not) a bias; false when there is no such conv.
   */
  private static boolean convBias(Architecture a, boolean beforeNorm, boolean bias) {
    List<Layer> layers = a.layers();
    boolean any = false;
    for (int i = 0; i + 1 < layers.size(); i++) {
      if (layers.get(i) instanceof Layer.Convolution c
          && (layers.get(i + 1) instanceof Layer.BatchNorm) == beforeNorm) {
        if (c.bias() != bias) {
          return false;
        }
        any = true;
      }
    }
    return any;
  }

  private static boolean has5x5(Architecture a) {
    return convs(a).stream().anyMatch(l -> l.kernel() == 5);
  }

  /** Two 3x3 convs in a row (activations and batch norm between them allowed). */
  private static boolean stacked3x3(Architecture a) {
    Layer.Convolution previous = null;
    for (Layer l : a.layers()) {
      if (l instanceof Layer.Convolution c) {
        if (previous != null && previous.kernel() == 3 && c.kernel() == 3) {
          return true;
        }
        previous = c;
      } else if (l instanceof Layer.Pool || l instanceof Layer.Dense) {
        previous = null;
      }
    }
    return false;
  }
}
