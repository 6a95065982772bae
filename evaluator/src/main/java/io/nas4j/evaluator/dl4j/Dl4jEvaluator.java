package io.nas4j.evaluator.dl4j;

import io.nas4j.evaluator.Candidate;
import io.nas4j.evaluator.Evaluator;
import io.nas4j.evaluator.PruningHook;
import io.nas4j.space.result.EvaluationResult;

/**
 * The DL4J evaluator: trains each candidate on the split its recipe asks for (drawn with the run's
 * seed from one {@link PreparedData}) and drops the network afterwards, collecting garbage so
 * DL4J's native buffers are freed between candidates. Thread-safe: several candidates may train at
 * once, each with {@link Trainer.Options#threads()}.
 */
public final class Dl4jEvaluator implements Evaluator {

  private final PreparedData data;
  private final long splitSeed;
  private final Trainer.Options options;

  public Dl4jEvaluator(PreparedData data, long splitSeed, Trainer.Options options) {
    this.data = data;
    this.splitSeed = splitSeed;
    this.options = options;
  }

  @Override
  public EvaluationResult evaluate(Candidate candidate, PruningHook pruning) {
    EvaluationResult result =
        new Trainer(data.split(candidate.recipe(), splitSeed), options)
            .train(candidate, pruning)
            .result();
    System.gc();
    return result;
  }

  @Override
  public boolean keepsState() {
    return true;
  }
}
