package io.nas4j.spark;

import io.nas4j.evaluator.Candidate;
import io.nas4j.evaluator.Evaluator;
import io.nas4j.evaluator.PruningHook;
import io.nas4j.evaluator.PruningThresholds;
import io.nas4j.space.arch.Analysis;
import io.nas4j.space.json.Json;
import io.nas4j.space.json.ResultJson;
import io.nas4j.space.result.EvaluationResult;
import io.nas4j.space.result.Status;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Trains each candidate as a one-task Spark job, from the search's worker threads (Spark runs jobs
 * of several threads at once). Spark retries a task whose executor is lost or which throws; the
 * driver gets one result per job whatever the attempts, so each candidate is journaled once. A job
 * that fails for good is a {@code failed} result with Spark's reason, and the search goes on.
 */
final class SparkEvaluator implements Evaluator {

  private final JavaSparkContext spark;
  private final String specJson;
  private final int threads;
  private final AtomicLong jobs = new AtomicLong();

  SparkEvaluator(JavaSparkContext spark, String specJson, int threads) {
    this.spark = spark;
    this.specJson = specJson;
    this.threads = threads;
  }

  @Override
  public EvaluationResult evaluate(Candidate candidate, PruningHook pruning) {
    if (!(pruning instanceof PruningThresholds thresholds)) {
      throw new IllegalArgumentException(
          "the spark engine sends pruning rules to executors as PruningThresholds, not "
              + pruning.getClass().getName());
    }
    CandidateTask task;
    try {
      task = CandidateTask.of(specJson, candidate, thresholds, threads);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    String group = "nas4j-candidate-" + jobs.incrementAndGet();
    spark.setJobGroup(group, candidate.architecture().notation(), true);
    JavaFutureAction<List<String>> job =
        spark.parallelize(List.of(task), 1).map(new CandidateTask.Train()).collectAsync();
    try {
      return ResultJson.fromTree(Json.mapper().readTree(job.get().get(0)), "result");
    } catch (InterruptedException e) {
      job.cancel(true);
      spark.cancelJobGroup(group);
      Thread.currentThread().interrupt();
      throw new CancellationException("training cancelled");
    } catch (ExecutionException e) {
      if (spark.sc().isStopped()) {
        throw new CancellationException("the Spark context stopped");
      }
      return failed(candidate, e.getCause() == null ? e : e.getCause());
    } catch (java.io.IOException e) {
      throw new IllegalStateException("an executor sent a result that is not JSON: " + e, e);
    } finally {
      spark.clearJobGroup();
    }
  }

  /** A job that failed after Spark's retries, as a result. */
  private static EvaluationResult failed(Candidate candidate, Throwable cause) {
    String message = String.valueOf(cause.getMessage());
    int mark = message.indexOf(ExecutorData.DataUnreadableException.MARK);
    boolean data = mark >= 0;
    String reason =
        data
            ? firstLine(
                message.substring(mark + ExecutorData.DataUnreadableException.MARK.length()))
            : "spark job failed: " + firstLine(message);
    Analysis analysis = Analysis.of(candidate.architecture());
    return new EvaluationResult(
        Status.FAILED,
        List.of(),
        OptionalInt.empty(),
        0,
        data ? "data-unreadable" : "error",
        0,
        0,
        analysis.params(),
        analysis.macs(),
        "spark",
        Optional.of(reason));
  }

  private static String firstLine(String text) {
    int end = text.indexOf('\n');
    return (end < 0 ? text : text.substring(0, end)).strip();
  }
}
