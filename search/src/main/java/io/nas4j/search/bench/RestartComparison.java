package io.nas4j.search.bench;

import io.nas4j.reports.Answers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import org.apache.commons.math3.stat.correlation.KendallsCorrelation;

/**
 * Continue or restart, compared on the same architectures: the paired difference of their
 * validation accuracies at one rung (restart minus continue), and Kendall's tau of each with the
 * test accuracy of long trainings of the same architectures, with the difference of the two taus.
 * Intervals are 95% percentile bootstraps over the architectures (seeded, {@link Answers#RESAMPLES}
 * resamples, as {@code nas ablate}'s), so the two taus' shared reference is accounted for.
 *
 * @param nets architectures trained both ways
 * @param difference mean of restart minus continue validation accuracy
 * @param ranked architectures that also have a long training
 * @param tauContinue Kendall's tau-b of the continued trainings' accuracy with the long trainings'
 * @param tauRestart the same for the restarted trainings
 */
record RestartComparison(
    int nets,
    double difference,
    double differenceLow,
    double differenceHigh,
    int ranked,
    double tauContinue,
    double tauRestart,
    double tauDifferenceLow,
    double tauDifferenceHigh) {

  /** Architectures a tau needs. */
  static final int MIN_RANKED = 5;

  /** One architecture: its validation accuracy continued and restarted, and its long training's. */
  record Net(String key, double continued, double restarted, OptionalDouble longTest) {}

  static RestartComparison of(List<Net> nets, long seed) {
    if (nets.isEmpty()) {
      throw new IllegalArgumentException("no architecture trained both ways");
    }
    SplittableRandom random = new SplittableRandom(seed);
    double[] differences = nets.stream().mapToDouble(n -> n.restarted() - n.continued()).toArray();
    double[] meanCi = Answers.bootstrap(differences, random);
    List<Net> ranked = nets.stream().filter(n -> n.longTest().isPresent()).toList();
    double tauContinue = Double.NaN;
    double tauRestart = Double.NaN;
    double[] tauCi = {Double.NaN, Double.NaN};
    if (ranked.size() >= MIN_RANKED) {
      tauContinue = tau(ranked, Net::continued);
      tauRestart = tau(ranked, Net::restarted);
      List<Double> gaps = new ArrayList<>();
      List<Net> sample = new ArrayList<>();
      for (int b = 0; b < Answers.RESAMPLES; b++) {
        sample.clear();
        for (int i = 0; i < ranked.size(); i++) {
          sample.add(ranked.get(random.nextInt(ranked.size())));
        }
        double gap = tau(sample, Net::restarted) - tau(sample, Net::continued);
        if (Double.isFinite(gap)) { // a resample of one tie has no tau
          gaps.add(gap);
        }
      }
      tauCi = percentiles(gaps.stream().mapToDouble(Double::doubleValue).toArray());
    }
    return new RestartComparison(
        nets.size(),
        Arrays.stream(differences).average().orElseThrow(),
        meanCi[0],
        meanCi[1],
        ranked.size(),
        tauContinue,
        tauRestart,
        tauCi[0],
        tauCi[1]);
  }

  private static double tau(List<Net> nets, java.util.function.ToDoubleFunction<Net> accuracy) {
    double[] x = nets.stream().mapToDouble(accuracy).toArray();
    double[] y = nets.stream().mapToDouble(n -> n.longTest().orElseThrow()).toArray();
    return new KendallsCorrelation().correlation(x, y);
  }

  /** The 2.5th and 97.5th percentiles. */
  private static double[] percentiles(double[] values) {
    if (values.length == 0) {
      return new double[] {Double.NaN, Double.NaN};
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int low = (int) Math.floor(0.025 * (sorted.length - 1));
    int high = (int) Math.ceil(0.975 * (sorted.length - 1));
    return new double[] {sorted[low], sorted[high]};
  }

  /** Two lines: the accuracy difference, and the taus (or why there are none). */
  String text(int rung) {
    String first =
        String.format(
            Locale.ROOT,
            "rung %d, %d architectures: validation accuracy restarted minus continued %+.4f"
                + " [%+.4f, %+.4f] (mean, 95%% bootstrap interval)",
            rung,
            nets,
            difference,
            differenceLow,
            differenceHigh);
    String second =
        ranked < MIN_RANKED
            ? "Kendall's tau with long trainings: only %d of them have one (%d needed; run scripts/bench-fidelity.sh RUN --top N)"
                .formatted(ranked, MIN_RANKED)
            : String.format(
                Locale.ROOT,
                "Kendall's tau with the long trainings' test accuracy (%d architectures): continued"
                    + " %.2f, restarted %.2f; restarted minus continued %+.2f [%+.2f, %+.2f]",
                ranked,
                tauContinue,
                tauRestart,
                tauRestart - tauContinue,
                tauDifferenceLow,
                tauDifferenceHigh);
    return first + "\n" + second;
  }
}
