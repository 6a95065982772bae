package io.nas4j.space.spec;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * How the search proceeds, what it maximises, and when it stops: the first of {@code generations},
 * {@code maxEvaluations} distinct candidates trained, {@code wallTimeMinutes}, or (if set) {@code
 * steadyGenerations} generations without a better best candidate ends it. The {@code initial}
 * architectures are trained first, in their order, as the first members of the population (or of
 * generation 0); random draws fill the rest.
 */
public record SearchBudget(
    Strategy strategy,
    Objective objective,
    int population,
    int generations,
    int maxEvaluations,
    int wallTimeMinutes,
    OptionalInt steadyGenerations,
    Evolution evolution,
    Pruning pruning,
    List<InitialCandidate> initial) {

  /**
   * Regularized (aging) evolution: parents are picked by tournaments of {@code tournamentSize};
   * each gene of a child is reset to a random choice with probability {@code mutationRate}; pairs
   * of children swap genes with probability {@code crossoverRate}; an individual retires after
   * {@code maxAge} generations; the {@code elites} best survive unchanged. With {@code niches}
   * {@code depth}, regularized evolution draws each tournament from the members of one depth group
   * (1, 2, 3-4, 5+ convolutions), a group picked at random among those in the population, so one
   * lineage cannot take the whole population; {@code all} draws from everybody. {@code start}
   * {@code stratified} draws the random start from each niche group in turn ({@link
   * EvolutionStart}); it needs niches. {@code nicheShare} {@code time} gives each niche the same
   * share of core time rather than of children ({@link NicheShare}); it needs niches too.
   */
  public record Evolution(
      int tournamentSize,
      double mutationRate,
      double crossoverRate,
      Crossover crossover,
      int maxAge,
      int elites,
      Rungs.Peers niches,
      EvolutionStart start,
      NicheShare nicheShare) {

    public Evolution {
      Objects.requireNonNull(crossover, "crossover");
      Objects.requireNonNull(niches, "niches");
      Objects.requireNonNull(start, "start");
      Objects.requireNonNull(nicheShare, "nicheShare");
      if (start == EvolutionStart.STRATIFIED && niches == Rungs.Peers.ALL) {
        throw new IllegalArgumentException(
            "search.evolution.start: stratified needs search.evolution.niches (its groups are the"
                + " strata), but niches is all");
      }
      if (nicheShare == NicheShare.TIME && niches == Rungs.Peers.ALL) {
        throw new IllegalArgumentException(
            "search.evolution.nicheShare: time needs search.evolution.niches (the groups that share"
                + " the time), but niches is all");
      }
      SearchBudget.positive("search.evolution.tournamentSize", tournamentSize);
      SearchBudget.positive("search.evolution.maxAge", maxAge);
      if (!(mutationRate >= 0 && mutationRate <= 1)) {
        throw new IllegalArgumentException(
            "search.evolution.mutationRate must be in [0, 1], but was " + mutationRate);
      }
      if (!(crossoverRate >= 0 && crossoverRate <= 1)) {
        throw new IllegalArgumentException(
            "search.evolution.crossoverRate must be in [0, 1], but was " + crossoverRate);
      }
      if (elites < 0) {
        throw new IllegalArgumentException(
            "search.evolution.elites must be >= 0, but was " + elites);
      }
    }

    public static Evolution defaults() {
      return new Evolution(
          4,
          0.15,
          0.5,
          Crossover.UNIFORM,
          5,
          1,
          Rungs.Peers.ALL,
          EvolutionStart.RANDOM,
          NicheShare.CHILDREN);
    }
  }

  /**
   * The median rule: once {@code warmup} candidates have finished, a candidate whose validation
   * accuracy after epoch e is below the median of the earlier generations' candidates at epoch e is
   * stopped.
   */
  public record Pruning(boolean enabled, int warmup) {
    public Pruning {
      SearchBudget.positive("search.pruning.warmup", warmup);
    }

    public static Pruning defaults() {
      return new Pruning(true, 5);
    }
  }

  public SearchBudget {
    Objects.requireNonNull(strategy, "strategy");
    Objects.requireNonNull(objective, "objective");
    Objects.requireNonNull(steadyGenerations, "steadyGenerations");
    Objects.requireNonNull(evolution, "evolution");
    Objects.requireNonNull(pruning, "pruning");
    initial = List.copyOf(initial);
    if (population < 2) {
      throw new IllegalArgumentException("search.population must be >= 2, but was " + population);
    }
    SearchBudget.positive("search.generations", generations);
    SearchBudget.positive("search.maxEvaluations", maxEvaluations);
    SearchBudget.positive("search.wallTimeMinutes", wallTimeMinutes);
    steadyGenerations.ifPresent(n -> SearchBudget.positive("search.steadyGenerations", n));
    if (initial.size() > population) {
      throw new IllegalArgumentException(
          "search.initial lists %d architectures, more than search.population (%d)"
              .formatted(initial.size(), population));
    }
    if (evolution.elites() >= population) {
      throw new IllegalArgumentException(
          "search.evolution.elites must be < search.population (%d), but was %d"
              .formatted(population, evolution.elites()));
    }
  }

  /** This budget starting from {@code architectures} ({@code search.initial}). */
  public SearchBudget withInitial(List<InitialCandidate> architectures) {
    return new SearchBudget(
        strategy,
        objective,
        population,
        generations,
        maxEvaluations,
        wallTimeMinutes,
        steadyGenerations,
        evolution,
        pruning,
        architectures);
  }

  public static SearchBudget defaults() {
    return new SearchBudget(
        Strategy.REGULARIZED,
        Objective.ACCURACY,
        16,
        10,
        100,
        60,
        OptionalInt.empty(),
        Evolution.defaults(),
        Pruning.defaults(),
        List.of());
  }

  /**
   * One line for {@code nas space}: the strategy and the limits that apply to it ({@code
   * generations} only where generations are counted: the generational evolution, and random search
   * without rungs).
   */
  public String describe(boolean withRungs) {
    StringBuilder s = new StringBuilder(strategy.id());
    if (strategy != Strategy.RANDOM) {
      s.append(", population ").append(population);
    }
    if (strategy == Strategy.REGULARIZED) {
      s.append(", tournaments of ").append(evolution.tournamentSize());
      if (evolution.niches() != Rungs.Peers.ALL) {
        s.append(" within one ").append(evolution.niches().groupName());
      }
      if (evolution.start() == EvolutionStart.STRATIFIED) {
        s.append(", a random start stratified by group");
      }
      if (evolution.nicheShare() == NicheShare.TIME) {
        s.append(", groups bred in proportion to their training speed");
      }
    }
    if (strategy == Strategy.EVOLUTION || (strategy == Strategy.RANDOM && !withRungs)) {
      s.append(", <= ").append(generations).append(" generations");
    }
    if (!initial.isEmpty()) {
      s.append(", starting from ")
          .append(initial.size())
          .append(initial.size() == 1 ? " given architecture" : " given architectures");
    }
    s.append(", <= ").append(maxEvaluations).append(" evaluations");
    s.append(", <= ").append(wallTimeMinutes).append(" min");
    steadyGenerations.ifPresent(
        n -> s.append(", until ").append(n).append(" generations without a better best"));
    return s.toString();
  }

  static void positive(String key, long value) {
    if (value < 1) {
      throw new IllegalArgumentException(key + " must be >= 1, but was " + value);
    }
  }
}
