package io.nas4j.evaluator.dl4j;

import io.nas4j.evaluator.Candidate;
import io.nas4j.evaluator.Evaluator;
import io.nas4j.evaluator.PruningHook;
import io.nas4j.space.result.EvaluationResult;

/**
 * The DL4J evaluator: trains each candidate on one prepared {@link TrainingData} and drops the
 * network afterwards, collecting garbage so DL4J's native buffers are freed between candidates.
 * Thread-safe: several candidates may train at once, each with {@link Trainer.Options#threads()}.
 */
public final class Dl4jEvaluator implements Evaluator {

  private final Trainer trainer;

  public Dl4jEvaluator(TrainingData data, Trainer.Options options) {
    this.trainer = new Trainer(data, options);
  }

  @Override
  public EvaluationResult evaluate(Candidate candidate, PruningHook pruning) {
    EvaluationResult result = trainer.train(candidate, pruning).result();
    System.gc();
    return result;
  }
}
