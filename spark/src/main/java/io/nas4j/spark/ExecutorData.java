package io.nas4j.spark;

import io.nas4j.evaluator.data.DatasetException;
import io.nas4j.evaluator.dl4j.PreparedData;
import io.nas4j.evaluator.dl4j.Trainer;
import io.nas4j.evaluator.dl4j.TrainingData;
import io.nas4j.space.recipe.TrainingRecipe;
import io.nas4j.space.spec.SearchSpec;
import io.nas4j.space.spec.SpecException;
import io.nas4j.space.spec.SpecReader;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkEnv;

/**
 * The training data in an executor JVM: loaded from the dataset path on the worker's own file
 * system the first time a task of a search needs it, then kept for the executor's life, so each
 * executor reads the data once, not once per candidate.
 */
final class ExecutorData {

  private static final Map<String, Loaded> CACHE = new ConcurrentHashMap<>();

  /** A search's spec and its data on this executor. */
  private record Loaded(SearchSpec spec, PreparedData data) {}

  private ExecutorData() {}

  /**
   * The train/validation split {@code recipe} asks for, drawn exactly as the local engine draws it
   * (with the search's seed).
   *
   * @param specJson the search's spec as JSON (dataset path absolute)
   * @throws DataUnreadableException when this worker cannot read the dataset
   */
  static TrainingData split(String specJson, TrainingRecipe recipe) {
    Loaded loaded = CACHE.computeIfAbsent(specJson, ExecutorData::load);
    return loaded.data().split(recipe, loaded.spec().seed());
  }

  /** Loads the search's data and draws the split of the search's own recipe. */
  static void preload(String specJson) {
    Loaded loaded = CACHE.computeIfAbsent(specJson, ExecutorData::load);
    loaded.data().split(loaded.spec().budget(), loaded.spec().seed());
  }

  private static Loaded load(String specJson) {
    SearchSpec spec;
    try {
      spec = SpecReader.parse(specJson, "the search's spec", null);
    } catch (SpecException e) {
      throw new IllegalStateException("the driver sent a spec this executor cannot read: " + e);
    }
    try {
      return new Loaded(spec, PreparedData.load(spec.dataset(), spec.input(), spec.classes()));
    } catch (DatasetException e) {
      throw new DataUnreadableException(
          ("spark executor %s on %s cannot read the dataset %s: %s (every worker must read the"
                  + " data at the same path, e.g. on shared storage)")
              .formatted(executorId(), host(), spec.dataset().path(), e.getMessage()));
    }
  }

  /** Native memory one task may use: the executor's limit shared by its task slots. */
  static long memoryPerTask(int taskCpus) {
    int cores =
        SparkEnv.get() == null
            ? Runtime.getRuntime().availableProcessors()
            : SparkEnv.get()
                .conf()
                .getInt("spark.executor.cores", Runtime.getRuntime().availableProcessors());
    int slots = Math.max(1, cores / Math.max(1, taskCpus));
    return Trainer.Options.defaults().memoryLimitBytes() / slots;
  }

  static String executorId() {
    return SparkEnv.get() == null ? "?" : SparkEnv.get().executorId();
  }

  static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown host";
    }
  }

  /** This worker cannot read the dataset: a fault of the cluster's set-up, not of a candidate. */
  static final class DataUnreadableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Marks the message so the driver can tell this failure from others. */
    static final String MARK = "[nas4j: data unreadable] ";

    DataUnreadableException(String message) {
      super(MARK + message);
    }
  }
}
