package io.nas4j.space.spec;

import io.nas4j.space.arch.Optimizer;
import io.nas4j.space.json.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Reads a spec's {@code search} section: strategy, budget, evolution and pruning (for {@link
 * SpecReader}).
 */
final class SearchSectionReader {

  private SearchSectionReader() {}

  static SearchBudget search(Node node) {
    SearchBudget d = SearchBudget.defaults();
    if (!node.present()) {
      return d;
    }
    node.allowOnly(
        "strategy",
        "objective",
        "population",
        "generations",
        "maxEvaluations",
        "wallTimeMinutes",
        "steadyGenerations",
        "evolution",
        "pruning",
        "initial");
    int population = SpecReader.integer(node, "population", 2, 100_000, d.population());
    SearchBudget.Evolution evolution = evolution(node.child("evolution"), population);
    return new SearchBudget(
        node.optional("strategy").map(n -> n.enumValue(Strategy::fromId)).orElse(d.strategy()),
        node.optional("objective").map(n -> n.enumValue(Objective::fromId)).orElse(d.objective()),
        population,
        SpecReader.integer(node, "generations", 1, 1_000_000, d.generations()),
        SpecReader.integer(node, "maxEvaluations", 1, 100_000_000, d.maxEvaluations()),
        SpecReader.integer(node, "wallTimeMinutes", 1, 525_600, d.wallTimeMinutes()),
        node.optional("steadyGenerations")
            .map(n -> OptionalInt.of(n.intValue(1, 1_000_000)))
            .orElse(OptionalInt.empty()),
        evolution,
        pruning(node.child("pruning")),
        node.optional("initial").map(SearchSectionReader::initial).orElse(List.of()));
  }

  private static SearchBudget.Evolution evolution(Node node, int population) {
    SearchBudget.Evolution d = populationSized(SearchBudget.Evolution.defaults(), population);
    if (!node.present()) {
      return d;
    }
    node.allowOnly(
        "tournamentSize",
        "mutationRate",
        "crossoverRate",
        "crossover",
        "maxAge",
        "elites",
        "niches",
        "start",
        "nicheShare");
    return new SearchBudget.Evolution(
        SpecReader.integer(node, "tournamentSize", 1, population, d.tournamentSize()),
        node.optional("mutationRate")
            .map(SearchSectionReader::probability)
            .orElse(d.mutationRate()),
        node.optional("crossoverRate")
            .map(SearchSectionReader::probability)
            .orElse(d.crossoverRate()),
        node.optional("crossover").map(n -> n.enumValue(Crossover::fromId)).orElse(d.crossover()),
        SpecReader.integer(node, "maxAge", 1, 1_000_000, d.maxAge()),
        SpecReader.integer(node, "elites", 0, population - 1, d.elites()),
        node.optional("niches").map(n -> n.enumValue(Rungs.Peers::fromId)).orElse(d.niches()),
        node.optional("start").map(n -> n.enumValue(EvolutionStart::fromId)).orElse(d.start()),
        node.optional("nicheShare")
            .map(n -> n.enumValue(NicheShare::fromId))
            .orElse(d.nicheShare()));
  }

  /**
   * The defaults with the tournament no larger than the population, the limit this reader puts on
   * the key: a population of 2 or 3 used to get the default tournament of 4, and a journal header
   * holding it could not be read back.
   */
  private static SearchBudget.Evolution populationSized(SearchBudget.Evolution d, int population) {
    return new SearchBudget.Evolution(
        Math.min(d.tournamentSize(), population),
        d.mutationRate(),
        d.crossoverRate(),
        d.crossover(),
        d.maxAge(),
        d.elites(),
        d.niches(),
        d.start(),
        d.nicheShare());
  }

  /**
   * {@code search.initial}: each entry a network in notation, or a mapping with the notation under
   * {@code architecture} and the training hyperparameters ({@code learningRate}, {@code batchSize},
   * {@code optimizer}) the spec's training genes leave open. Whether each is a network of the space
   * is for {@code SearchSpace}, which {@link SpecReader} asks once the spec is read.
   */
  private static List<InitialCandidate> initial(Node node) {
    List<InitialCandidate> out = new ArrayList<>();
    for (Node entry : node.elements()) {
      if (entry.json().isTextual()) {
        out.add(entry.build(() -> InitialCandidate.of(entry.text())));
        continue;
      }
      if (!entry.json().isObject()) {
        throw entry.error(
            "must be a network in notation or a mapping with key architecture, but was "
                + entry.json().getNodeType().toString().toLowerCase(Locale.ROOT));
      }
      entry.allowOnly("architecture", "learningRate", "batchSize", "optimizer");
      String architecture = entry.require("architecture").text();
      OptionalDouble learningRate =
          entry
              .optional("learningRate")
              .map(n -> OptionalDouble.of(n.doubleValue(0, 10)))
              .orElse(OptionalDouble.empty());
      OptionalInt batchSize =
          entry
              .optional("batchSize")
              .map(n -> OptionalInt.of(n.intValue(1, 8192)))
              .orElse(OptionalInt.empty());
      Optional<Optimizer> optimizer =
          entry.optional("optimizer").map(n -> n.enumValue(Optimizer::fromId));
      out.add(
          entry.build(
              () -> new InitialCandidate(architecture, learningRate, batchSize, optimizer)));
    }
    return out;
  }

  private static SearchBudget.Pruning pruning(Node node) {
    SearchBudget.Pruning d = SearchBudget.Pruning.defaults();
    if (!node.present()) {
      return d;
    }
    node.allowOnly("enabled", "warmup");
    return new SearchBudget.Pruning(
        node.optional("enabled").map(Node::booleanValue).orElse(d.enabled()),
        SpecReader.integer(node, "warmup", 1, 1_000_000, d.warmup()));
  }

  private static double probability(Node node) {
    double value = node.doubleValue();
    if (!(value >= 0 && value <= 1)) {
      throw node.error("must be in [0, 1], but was " + value);
    }
    return value;
  }
}
