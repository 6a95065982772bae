package io.nas4j.search;

import io.jenetics.ext.moea.Vec;
import io.nas4j.space.result.EvaluationResult;
import io.nas4j.space.result.Status;
import io.nas4j.space.spec.Objective;
import java.util.Optional;

/** Fitness values of results, for each {@link Objective}; higher is better in every component. */
final class Fitness {

  /** The cost component of a result without a trained network (dominated by any real one). */
  private static final double WORST_COST = -20;

  private Fitness() {}

  /** Best validation accuracy; 0 for failed, invalid and unevaluated candidates. */
  static double accuracy(Optional<EvaluationResult> result) {
    return result
        .filter(r -> r.status() == Status.OK || r.status() == Status.PRUNED)
        .map(EvaluationResult::bestValAccuracy)
        .orElse(0.0);
  }

  /** (accuracy, -log10 cost) for the two-objective searches. */
  static Vec<double[]> accuracyAndCost(Optional<EvaluationResult> result, Objective objective) {
    double accuracy = accuracy(result);
    if (accuracy == 0) {
      return Vec.of(0, WORST_COST);
    }
    EvaluationResult r = result.orElseThrow();
    long cost = objective == Objective.ACCURACY_PARAMS ? r.params() : r.macs();
    return Vec.of(accuracy, -Math.log10(Math.max(1, cost)));
  }
}
