package io.nas4j.spark;

import io.nas4j.evaluator.data.DatasetException;
import io.nas4j.evaluator.data.Datasets;
import io.nas4j.evaluator.data.LabeledImages;
import io.nas4j.evaluator.data.Splits;
import io.nas4j.evaluator.dl4j.Trainer;
import io.nas4j.evaluator.dl4j.TrainingData;
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

  private static final Map<String, TrainingData> CACHE = new ConcurrentHashMap<>();

  private ExecutorData() {}

  /**
   * The search's train/validation split, drawn exactly as the local engine draws it.
   *
   * @param specJson the search's spec as JSON (dataset path absolute)
   * @throws DataUnreadableException when this worker cannot read the dataset
   */
  static TrainingData get(String specJson) {
    return CACHE.computeIfAbsent(specJson, ExecutorData::load);
  }

  private static TrainingData load(String specJson) {
    SearchSpec spec;
    try {
      spec = SpecReader.parse(specJson, "the search's spec", null);
    } catch (SpecException e) {
      throw new IllegalStateException("the driver sent a spec this executor cannot read: " + e);
    }
    try {
      LabeledImages all = Datasets.load(spec.dataset(), spec.input(), spec.classes(), true);
      return TrainingData.of(
          Splits.trainValidation(
              all, spec.budget().trainSize(), spec.budget().valSize(), spec.seed()));
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
