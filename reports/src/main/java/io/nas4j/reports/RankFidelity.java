package io.nas4j.reports;

import io.nas4j.space.training.TrainingReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.correlation.KendallsCorrelation;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;

/**
 * Does the search's ranking hold at full training? Kendall's tau-b and Spearman's rho between the
 * search's ranks and the test accuracy of long trainings ({@code nas train}, one architecture each)
 * of at least {@value #MIN} of the run's ranked architectures, each with a 95% interval from
 * Fisher's z transform (standard errors {@code sqrt(0.437 / (n - 4))} for tau, after Fieller,
 * Hartley and Pearson 1957, and {@code 1.06 / sqrt(n - 3)} for rho). Positive: a better rank goes
 * with a better test accuracy. Only trainings of one architecture each with one recipe (and
 * training-set size) are compared: the recipe that trained the most architectures. An architecture
 * trained more than once with it counts with the mean of its trainings' mean test accuracies.
 *
 * @param pairs the search's rank and the long trainings' test accuracy of each architecture
 */
public record RankFidelity(
    List<Pair> pairs,
    double tau,
    double tauLow,
    double tauHigh,
    double rho,
    double rhoLow,
    double rhoHigh) {

  /** Architectures a rank fidelity needs. */
  public static final int MIN = 5;

  /** An architecture's rank in the search and its test accuracy after a long training. */
  public record Pair(String key, int rank, double testAccuracy) {}

  public RankFidelity {
    pairs = List.copyOf(pairs);
  }

  /** From a run's ranks and its final trainings; empty below {@value #MIN} architectures. */
  static Optional<RankFidelity> of(Map<String, Integer> ranks, List<Retraining> trainings) {
    // Only trainings with one recipe are comparable: the recipe that trained the most of them.
    Map<Object, Map<String, List<Double>>> byRecipe = new LinkedHashMap<>();
    for (Retraining t : trainings) {
      TrainingReport r = t.report();
      boolean single = r.trainees().size() == 1 && r.kind() == TrainingReport.Kind.TRAIN;
      if (single && ranks.containsKey(t.key()) && r.accuracies().n() > 0) {
        byRecipe
            .computeIfAbsent(
                List.of(r.recipe(), r.data().trainImages()), k -> new LinkedHashMap<>())
            .computeIfAbsent(t.key(), k -> new ArrayList<>())
            .add(r.accuracies().mean());
      }
    }
    Map<String, List<Double>> byKey =
        byRecipe.values().stream()
            .max(java.util.Comparator.comparingInt(Map::size))
            .orElse(Map.of());
    if (byKey.size() < MIN) {
      return Optional.empty();
    }
    List<Pair> pairs = new ArrayList<>();
    byKey.forEach(
        (key, accuracies) ->
            pairs.add(
                new Pair(
                    key,
                    ranks.get(key),
                    accuracies.stream().mapToDouble(Double::doubleValue).average().orElseThrow())));
    pairs.sort(java.util.Comparator.comparingInt(Pair::rank));
    int n = pairs.size();
    // rank 1 is best: correlate the negated rank with accuracy, so agreement is positive
    double[] goodness = pairs.stream().mapToDouble(p -> -p.rank()).toArray();
    double[] accuracy = pairs.stream().mapToDouble(Pair::testAccuracy).toArray();
    double tau = new KendallsCorrelation().correlation(goodness, accuracy);
    double rho = new SpearmansCorrelation().correlation(goodness, accuracy);
    double[] tauCi = interval(tau, Math.sqrt(0.437 / (n - 4)));
    double[] rhoCi = interval(rho, 1.06 / Math.sqrt(n - 3));
    return Optional.of(new RankFidelity(pairs, tau, tauCi[0], tauCi[1], rho, rhoCi[0], rhoCi[1]));
  }

  /** A 95% interval around a correlation, through Fisher's z with standard error {@code se}. */
  static double[] interval(double r, double se) {
    if (!Double.isFinite(r)) {
      return new double[] {Double.NaN, Double.NaN};
    }
    double clipped = Math.max(-0.999999, Math.min(0.999999, r));
    double z = 0.5 * Math.log((1 + clipped) / (1 - clipped));
    double q = new NormalDistribution().inverseCumulativeProbability(0.975);
    return new double[] {Math.tanh(z - q * se), Math.tanh(z + q * se)};
  }

  /** One sentence, e.g. {@code Kendall's tau 0.62 [0.31, 0.81], Spearman's rho ... (n = 15)}. */
  public String text() {
    return String.format(
        java.util.Locale.ROOT,
        "Kendall's tau %.2f [%.2f, %.2f], Spearman's rho %.2f [%.2f, %.2f] between the search's"
            + " ranks and the test accuracy of %d architectures after a long training (95%%"
            + " intervals)",
        tau,
        tauLow,
        tauHigh,
        rho,
        rhoLow,
        rhoHigh,
        pairs.size());
  }
}
