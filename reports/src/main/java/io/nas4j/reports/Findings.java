package io.nas4j.reports;

import io.nas4j.reports.Evidence.Finding;
import io.nas4j.space.journal.CandidateEntry;
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
 * The statistics behind {@link Evidence}'s answers, over trained candidates' best validation
 * accuracies.
 *
 * <ul>
 *   <li>Contrasts (A vs B): difference of mean validation accuracy, Welch's t interval; needs at
 *       least {@value #MIN_GROUP} candidates per group.
 *   <li>Trends: Spearman rank correlation with accuracy, Fisher-z interval; needs at least {@value
 *       #MIN_TREND} candidates (one more for a partial correlation).
 * </ul>
 */
final class Findings {

  static final int MIN_GROUP = 3;
  static final int MIN_TREND = 6;

  private Findings() {}

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
    return correlation(
        question,
        "trend",
        "rho(" + feature + ")",
        rho,
        n - 3,
        n,
        "Spearman rho(%s, accuracy)".formatted(feature));
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
    return correlation(
        question,
        "partial trend",
        "rho(" + feature + " | " + controlName + ")",
        rho,
        n - 4,
        n,
        "partial Spearman rho(%s, accuracy | %s)".formatted(feature, controlName));
  }

  /** A rank correlation's finding, with its Fisher-z interval on {@code dof} degrees of freedom. */
  private static Finding correlation(
      String question, String kind, String measure, double rho, int dof, int n, String label) {
    double[] ci = fisherInterval(rho, dof);
    return new Finding(
        question,
        kind,
        measure,
        rho,
        ci[0],
        ci[1],
        n,
        String.format(
            Locale.ROOT,
            "%s: %s = %+.2f, 95%% CI [%+.2f, %+.2f] (n = %d)",
            question,
            label,
            rho,
            ci[0],
            ci[1],
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
}
