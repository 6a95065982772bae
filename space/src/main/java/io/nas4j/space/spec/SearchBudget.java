package io.nas4j.space.spec;

import java.util.Objects;

/**
 * How the search proceeds and when it stops: the first of {@code generations}, {@code
 * maxEvaluations} trained candidates or {@code wallTimeMinutes} ends it.
 */
public record SearchBudget(
    Strategy strategy, int population, int generations, int maxEvaluations, int wallTimeMinutes) {

  public SearchBudget {
    Objects.requireNonNull(strategy, "strategy");
    if (population < 2) {
      throw new IllegalArgumentException("search.population must be >= 2, but was " + population);
    }
    CandidateBudget.positive("search.generations", generations);
    CandidateBudget.positive("search.maxEvaluations", maxEvaluations);
    CandidateBudget.positive("search.wallTimeMinutes", wallTimeMinutes);
  }
}
