package io.nas4j.reports;

import io.nas4j.space.CanonicalKey;
import io.nas4j.space.SearchSpace;
import io.nas4j.space.journal.CandidateEntry;
import io.nas4j.space.result.Status;
import io.nas4j.space.spec.SearchSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * How much of the variance of validation accuracy each gene explains: the one-way ANOVA eta squared
 * (between-choice sum of squares over total sum of squares) over the trained candidates in which
 * the gene is active (changing it changes the network). A marginal, fANOVA-style estimate: biased
 * upwards for small samples and blind to interactions, so compare genes, not values. Each estimate
 * comes with a 95% bootstrap percentile interval ({@value #RESAMPLES} resamples of the candidates,
 * seeded by the gene's index, so a report is reproducible): a wide band means "n too small to say".
 */
public final class GeneImportance {

  /** Candidates with the gene active needed for an estimate. */
  static final int MIN_CANDIDATES = 6;

  /** Bootstrap resamples behind each interval. */
  static final int RESAMPLES = 400;

  /**
   * The share of variance a gene explains, over {@code n} candidates and {@code choices} values,
   * with its 95% bootstrap interval [{@code low}, {@code high}].
   */
  public record Importance(
      String gene, double etaSquared, double low, double high, int n, int choices) {}

  private GeneImportance() {}

  /** Genes with enough data, most important first. */
  public static List<Importance> of(SearchSpec spec, List<CandidateEntry> candidates) {
    SearchSpace space = SearchSpace.of(spec);
    List<CandidateEntry> trained =
        candidates.stream()
            .filter(c -> c.result().status() == Status.OK || c.result().status() == Status.PRUNED)
            .filter(c -> c.genotype().size() == space.genes().size())
            .toList();
    List<Importance> out = new ArrayList<>();
    for (int g = 0; g < space.genes().size(); g++) {
      List<Integer> choices = new ArrayList<>();
      List<Double> accuracies = new ArrayList<>();
      for (CandidateEntry c : trained) {
        int[] genotype = c.genotype().stream().mapToInt(Integer::intValue).toArray();
        if (active(space, genotype, g, c.key())) {
          choices.add(genotype[g]);
          accuracies.add(c.result().bestValAccuracy());
        }
      }
      Map<Integer, List<Double>> byChoice = groups(choices, accuracies, null);
      int n = choices.size();
      if (n >= MIN_CANDIDATES && byChoice.size() >= 2) {
        double[] band = bootstrap(choices, accuracies, new SplittableRandom(g));
        out.add(
            new Importance(
                space.genes().get(g).name(),
                etaSquared(byChoice),
                band[0],
                band[1],
                n,
                byChoice.size()));
      }
    }
    out.sort(Comparator.comparingDouble(Importance::etaSquared).reversed());
    return out;
  }

  /** Accuracies by choice, of all samples or of those drawn at {@code picks}. */
  private static Map<Integer, List<Double>> groups(
      List<Integer> choices, List<Double> accuracies, int[] picks) {
    Map<Integer, List<Double>> byChoice = new HashMap<>();
    int n = picks == null ? choices.size() : picks.length;
    for (int i = 0; i < n; i++) {
      int s = picks == null ? i : picks[i];
      byChoice.computeIfAbsent(choices.get(s), k -> new ArrayList<>()).add(accuracies.get(s));
    }
    return byChoice;
  }

  /** The 2.5% and 97.5% percentiles of eta squared over resamples of the candidates. */
  static double[] bootstrap(
      List<Integer> choices, List<Double> accuracies, SplittableRandom random) {
    double[] etas = new double[RESAMPLES];
    int[] picks = new int[choices.size()];
    for (int b = 0; b < RESAMPLES; b++) {
      for (int i = 0; i < picks.length; i++) {
        picks[i] = random.nextInt(picks.length);
      }
      etas[b] = etaSquared(groups(choices, accuracies, picks));
    }
    Arrays.sort(etas);
    return new double[] {etas[(int) (0.025 * RESAMPLES)], etas[(int) (0.975 * RESAMPLES) - 1]};
  }

  /** Whether another choice of gene {@code g} decodes to another network. */
  static boolean active(SearchSpace space, int[] genotype, int g, String key) {
    int[] other = genotype.clone();
    for (int choice = 0; choice < space.genes().get(g).size(); choice++) {
      if (choice != genotype[g]) {
        other[g] = choice;
        if (!CanonicalKey.of(space.decode(other)).equals(key)) {
          return true;
        }
      }
    }
    return false;
  }

  static double etaSquared(Map<Integer, List<Double>> groups) {
    double sum = 0;
    int n = 0;
    for (List<Double> values : groups.values()) {
      for (double v : values) {
        sum += v;
        n++;
      }
    }
    double mean = sum / n;
    double between = 0;
    double total = 0;
    for (List<Double> values : groups.values()) {
      double groupMean = values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
      between += values.size() * (groupMean - mean) * (groupMean - mean);
      for (double v : values) {
        total += (v - mean) * (v - mean);
      }
    }
    return total == 0 ? 0 : between / total;
  }
}
