package io.nas4j.space.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class SearchBudgetTest {

  private static SearchBudget budget(Strategy strategy, Rungs.Peers niches, OptionalInt steady) {
    return budget(strategy, niches, EvolutionStart.RANDOM, steady);
  }

  private static SearchBudget budget(
      Strategy strategy, Rungs.Peers niches, EvolutionStart start, OptionalInt steady) {
    return budget(strategy, niches, start, NicheShare.CHILDREN, steady);
  }

  private static SearchBudget budget(
      Strategy strategy,
      Rungs.Peers niches,
      EvolutionStart start,
      NicheShare share,
      OptionalInt steady) {
    SearchBudget.Evolution e = SearchBudget.Evolution.defaults();
    return new SearchBudget(
        strategy,
        Objective.ACCURACY,
        16,
        20,
        60,
        15,
        steady,
        new SearchBudget.Evolution(
            e.tournamentSize(),
            e.mutationRate(),
            e.crossoverRate(),
            e.crossover(),
            e.maxAge(),
            e.elites(),
            niches,
            start,
            share),
        SearchBudget.Pruning.defaults(),
        List.of());
  }

  @Test
  void theInitialArchitecturesAreNamedAndAtMostAPopulation() {
    SearchBudget b = budget(Strategy.REGULARIZED, Rungs.Peers.ALL, OptionalInt.empty());
    List<InitialCandidate> two =
        List.of(
            InitialCandidate.of("c3x32 relu | out10"), InitialCandidate.of("c5x32 relu | out10"));
    assertEquals(
        "regularized, population 16, tournaments of 4, starting from 2 given architectures, <= 60"
            + " evaluations, <= 15 min",
        b.withInitial(two).describe(true));
    List<InitialCandidate> many = new ArrayList<>();
    for (int i = 0; i < 17; i++) {
      many.add(InitialCandidate.of("c3x32 relu | out10"));
    }
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> b.withInitial(many));
    assertEquals(
        "search.initial lists 17 architectures, more than search.population (16)", e.getMessage());
  }

  @Test
  void theDescriptionNamesOnlyTheLimitsThatApplyToTheStrategy() {
    assertEquals(
        "regularized, population 16, tournaments of 4 within one depth group, <= 60 evaluations,"
            + " <= 15 min",
        budget(Strategy.REGULARIZED, Rungs.Peers.DEPTH, OptionalInt.empty()).describe(true));
    assertEquals(
        "regularized, population 16, tournaments of 4 within one depth group and kind,"
            + " <= 60 evaluations, <= 15 min",
        budget(Strategy.REGULARIZED, Rungs.Peers.DEPTH_KIND, OptionalInt.empty()).describe(true));
    assertEquals(
        "regularized, population 16, tournaments of 4 within one depth group and convolution type,"
            + " a random start stratified by group, <= 60 evaluations, <= 15 min",
        budget(
                Strategy.REGULARIZED,
                Rungs.Peers.DEPTH_TYPE,
                EvolutionStart.STRATIFIED,
                OptionalInt.empty())
            .describe(true));
    assertEquals(
        "regularized, population 16, tournaments of 4 within one depth group,"
            + " groups bred in proportion to their training speed, <= 60 evaluations, <= 15 min",
        budget(
                Strategy.REGULARIZED,
                Rungs.Peers.DEPTH,
                EvolutionStart.RANDOM,
                NicheShare.TIME,
                OptionalInt.empty())
            .describe(true));
    assertEquals(
        "regularized, population 16, tournaments of 4, <= 60 evaluations, <= 15 min",
        budget(Strategy.REGULARIZED, Rungs.Peers.ALL, OptionalInt.empty()).describe(false));
    assertEquals(
        "evolution, population 16, <= 20 generations, <= 60 evaluations, <= 15 min,"
            + " until 3 generations without a better best",
        budget(Strategy.EVOLUTION, Rungs.Peers.ALL, OptionalInt.of(3)).describe(false));
    assertEquals(
        "random, <= 20 generations, <= 60 evaluations, <= 15 min",
        budget(Strategy.RANDOM, Rungs.Peers.ALL, OptionalInt.empty()).describe(false));
    assertEquals(
        "random, <= 60 evaluations, <= 15 min",
        budget(Strategy.RANDOM, Rungs.Peers.ALL, OptionalInt.empty()).describe(true));
  }
}
