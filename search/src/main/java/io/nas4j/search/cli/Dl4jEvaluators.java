package io.nas4j.search.cli;

import io.nas4j.evaluator.Evaluator;
import io.nas4j.evaluator.data.Datasets;
import io.nas4j.evaluator.data.LabeledImages;
import io.nas4j.evaluator.data.Splits;
import io.nas4j.evaluator.dl4j.Dl4jEvaluator;
import io.nas4j.evaluator.dl4j.Dl4jRuntime;
import io.nas4j.evaluator.dl4j.Trainer;
import io.nas4j.evaluator.dl4j.TrainingData;
import io.nas4j.space.spec.SearchSpec;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** Builds the DL4J evaluator for a spec and describes the run's provenance. */
final class Dl4jEvaluators {

  private Dl4jEvaluators() {}

  /**
   * Loads the spec's training data, draws the seeded stratified train/validation split and returns
   * an evaluator with {@code threads} ND4J threads per candidate; each of the {@code parallel}
   * candidates training at once gets an equal share of the native memory limit.
   */
  static Evaluator create(SearchSpec spec, int threads, int parallel) throws Exception {
    checkThreads(threads);
    LabeledImages all = Datasets.load(spec.dataset(), spec.input(), spec.classes(), true);
    Splits.Split split =
        Splits.trainValidation(
            all, spec.budget().trainSize(), spec.budget().valSize(), spec.seed());
    Trainer.Options options = Trainer.Options.defaults().withThreads(threads);
    return new Dl4jEvaluator(
        TrainingData.of(split), options.withMemoryLimit(options.memoryLimitBytes() / parallel));
  }

  /**
   * Starts ND4J and checks that it runs {@code threads} threads (0 = any): ND4J takes its thread
   * count from OMP_NUM_THREADS when the JVM starts, so it cannot be changed later.
   */
  static void checkThreads(int threads) throws BadInputException {
    Dl4jRuntime.init(0);
    if (threads > 0 && Dl4jRuntime.threads() != threads) {
      throw new BadInputException(
          ("--threads %d: ND4J runs %d threads; set OMP_NUM_THREADS=%d before java starts"
                  + " (scripts/nas and scripts/search.sh do this)")
              .formatted(threads, Dl4jRuntime.threads(), threads));
    }
  }

  /** Versions, backend and host, for the journal header. */
  static Map<String, String> provenance(int parallel) {
    Map<String, String> out = new LinkedHashMap<>();
    Properties versions = new Properties();
    try (InputStream in =
        Dl4jEvaluators.class.getResourceAsStream("/io/nas4j/search/versions.properties")) {
      if (in != null) {
        versions.load(in);
      }
    } catch (IOException e) {
      // versions stay unknown
    }
    out.put("nas4j", versions.getProperty("nas4j", "unknown"));
    out.put("dl4j", versions.getProperty("dl4j", "unknown"));
    out.put("jenetics", versions.getProperty("jenetics", "unknown"));
    out.put(
        "java",
        System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
    out.put(
        "os",
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch"));
    out.put("cpus", String.valueOf(Runtime.getRuntime().availableProcessors()));
    out.put("backend", Dl4jRuntime.describe());
    out.put("parallel", String.valueOf(parallel));
    try {
      out.put("host", InetAddress.getLocalHost().getHostName());
    } catch (IOException e) {
      out.put("host", "unknown");
    }
    return out;
  }
}
