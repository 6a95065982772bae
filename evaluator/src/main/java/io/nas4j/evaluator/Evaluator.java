package io.nas4j.evaluator;

import io.nas4j.space.result.EvaluationResult;

/**
 * Trains one candidate on the evaluator's data and returns an honest result. Implementations never
 * throw for a bad candidate: divergence, out of memory, time limits, DL4J errors and invalid shapes
 * are results with a status and a reason. The search depends on this interface only, so it can be
 * tested with a fast fake.
 */
public interface Evaluator {

  /**
   * Trains one candidate.
   *
   * @throws java.util.concurrent.CancellationException if the calling thread is interrupted while
   *     training; a cancelled candidate has no result
   */
  EvaluationResult evaluate(Candidate candidate, PruningHook pruning);

  /**
   * Whether this evaluator honours {@link Candidate#checkpoint()}: starts from the saved state it
   * names and saves the trained state where it says. False (the default): every training starts
   * from the initial weights, and promoted candidates of a multi-fidelity search restart.
   */
  default boolean keepsState() {
    return false;
  }
}
