package io.nas4j.search.cli;

import io.nas4j.evaluator.Evaluator;
import io.nas4j.search.engine.EvaluatorEngine;
import io.nas4j.space.spec.SearchSpec;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/** Starts the engine chosen with {@code --engine}: this JVM's pool, or one on the class path. */
final class Engines {

  private Engines() {}

  /**
   * @param parallelGiven whether the user gave {@code --parallel} (otherwise a remote engine uses
   *     its capacity)
   */
  static EvaluatorEngine.Session open(
      RunOptions run, boolean parallelGiven, SearchSpec spec, String appName) throws Exception {
    if (run.engine.equals(RunOptions.LOCAL)) {
      return new Local(
          Dl4jEvaluators.create(spec, run.workers.threads, run.workers.parallel),
          run.workers.parallel);
    }
    EvaluatorEngine engine =
        EvaluatorEngine.find(run.engine)
            .orElseThrow(
                () ->
                    new BadInputException(
                        ("--engine %s is not on the class path (found: %s); the Spark engine is in"
                                + " the nas4j-spark build: spark/target/nas4j-spark-<version>/bin/nas")
                            .formatted(run.engine, names())));
    EvaluatorEngine.Settings settings =
        new EvaluatorEngine.Settings(
            Optional.ofNullable(run.master),
            run.workers.threads,
            parallelGiven ? OptionalInt.of(run.workers.parallel) : OptionalInt.empty(),
            run.conf,
            appName);
    try {
      return engine.start(spec, settings);
    } catch (IllegalArgumentException e) {
      throw new BadInputException("--engine " + run.engine + ": " + e.getMessage());
    }
  }

  private static String names() {
    String found =
        EvaluatorEngine.available().stream()
            .map(EvaluatorEngine::name)
            .collect(Collectors.joining(", "));
    return RunOptions.LOCAL + (found.isEmpty() ? "" : ", " + found);
  }

  /** This JVM's pool: the DL4J evaluator with the spec's data loaded. */
  private record Local(Evaluator evaluator, int parallel) implements EvaluatorEngine.Session {

    @Override
    public Map<String, String> provenance() {
      return Map.of();
    }

    @Override
    public void close() {}
  }
}
