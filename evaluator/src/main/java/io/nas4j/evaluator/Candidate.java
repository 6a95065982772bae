package io.nas4j.evaluator;

import io.nas4j.space.arch.Architecture;
import io.nas4j.space.spec.CandidateBudget;
import java.util.Objects;

/**
 * What to train: an architecture, the budget it may spend and its seed (weights, shuffling,
 * dropout). Same candidate, same data, same backend and threads: same result curve on CPU.
 */
public record Candidate(Architecture architecture, CandidateBudget budget, long seed) {

  public Candidate {
    Objects.requireNonNull(architecture, "architecture");
    Objects.requireNonNull(budget, "budget");
  }
}
