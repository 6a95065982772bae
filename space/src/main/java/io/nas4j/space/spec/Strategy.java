package io.nas4j.space.spec;

import io.nas4j.space.arch.Ids;

/**
 * How the search proposes candidates. {@code regularized}: steady-state regularized evolution (Real
 * et al. 2019): sample a few of the population, mutate the best in one gene, add the child, retire
 * the oldest; with rungs, candidates compete at the highest rung they reached. {@code evolution}: a
 * generational genetic algorithm (Jenetics) with aging, single-fidelity only. {@code random}:
 * random sampling, the control.
 */
public enum Strategy {
  REGULARIZED,
  EVOLUTION,
  RANDOM;

  /** The lower-case id used in specs and JSON. */
  public String id() {
    return Ids.id(this);
  }

  public static Strategy fromId(String id) {
    return Ids.parse(Strategy.class, id);
  }
}
