package io.nas4j.spark;

import io.nas4j.evaluator.Candidate;
import io.nas4j.evaluator.PruningThresholds;
import io.nas4j.evaluator.dl4j.Trainer;
import io.nas4j.evaluator.dl4j.TrainingData;
import io.nas4j.space.json.ArchitectureJson;
import io.nas4j.space.json.Json;
import io.nas4j.space.json.Node;
import io.nas4j.space.json.RecipeJson;
import io.nas4j.space.json.ResultJson;
import io.nas4j.space.recipe.TrainingRecipe;
import io.nas4j.space.result.EvaluationResult;
import java.io.IOException;
import java.io.Serializable;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;

/**
 * One candidate as a Spark task: the architecture and its training recipe as JSON, the pruning rule
 * and numbers out to the executor, the result back as journal-format JSON. The executor trains it
 * exactly as the local engine would (same split, same trainer), so a candidate's result does not
 * depend on where it trained, apart from the thread count.
 */
record CandidateTask(
    String dataJson,
    String architectureJson,
    String recipeJson,
    long seed,
    PruningThresholds pruning,
    int threads)
    implements Serializable {

  static CandidateTask of(
      String dataJson, Candidate candidate, PruningThresholds pruning, int threads)
      throws IOException {
    return new CandidateTask(
        dataJson,
        ArchitectureJson.write(candidate.architecture()),
        Json.mapper().writeValueAsString(RecipeJson.toTree(candidate.recipe())),
        candidate.seed(),
        pruning,
        threads);
  }

  Candidate candidate() throws IOException {
    TrainingRecipe recipe =
        RecipeJson.fromTree(
            Node.root(Json.mapper().readTree(recipeJson), "recipe"),
            TrainingRecipe.searchDefaults());
    return new Candidate(ArchitectureJson.read(architectureJson), recipe, seed);
  }

  /** The function Spark runs in the executor: trains the task's candidate. */
  static final class Train implements Function<CandidateTask, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String call(CandidateTask task) throws Exception {
      Candidate candidate = task.candidate();
      TrainingData data = ExecutorData.split(task.dataJson(), candidate.recipe());
      Trainer.Options options =
          Trainer.Options.defaults()
              .withThreads(task.threads())
              .withMemoryLimit(ExecutorData.memoryPerTask(task.threads()));
      EvaluationResult result =
          new Trainer(data, options).train(candidate, task.pruning()).result();
      return Json.mapper().writeValueAsString(ResultJson.toTree(where(result)));
    }

    /** The result with the executor, process and task attempt added to its environment. */
    private static EvaluationResult where(EvaluationResult r) {
      TaskContext task = TaskContext.get();
      String place =
          "spark executor %s pid %d on %s, attempt %d"
              .formatted(
                  SparkEnv.get().executorId(),
                  ProcessHandle.current().pid(),
                  ExecutorData.host(),
                  task == null ? 0 : task.attemptNumber());
      return new EvaluationResult(
          r.status(),
          r.curve(),
          r.bestEpoch(),
          r.epochsRun(),
          r.stopReason(),
          r.seconds(),
          r.imagesPerSecond(),
          r.params(),
          r.macs(),
          r.environment().isEmpty() ? place : r.environment() + "; " + place,
          r.error());
    }
  }
}
