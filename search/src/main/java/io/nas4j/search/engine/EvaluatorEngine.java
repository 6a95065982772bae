package io.nas4j.search.engine;

import io.nas4j.evaluator.Evaluator;
import io.nas4j.space.spec.SearchSpec;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.ServiceLoader;

/**
 * Somewhere else to train candidates than this JVM's thread pool, chosen with {@code nas search
 * --engine NAME}. Engines are found with {@link ServiceLoader} on the class path, so the core
 * modules do not depend on them (the Spark engine lives in the nas4j-spark module). The search
 * still runs here: it hands candidates to the session's evaluator from {@link Session#parallel()}
 * threads at once and keeps the journal itself.
 */
public interface EvaluatorEngine {

  /** The name given to {@code --engine}. */
  String name();

  /**
   * Starts the engine for a search of {@code spec} (connects, checks that the data is readable
   * where candidates train).
   *
   * @throws IllegalArgumentException for settings that cannot work (reported as bad input)
   * @throws io.nas4j.evaluator.data.DatasetException when the data cannot be read where candidates
   *     train
   */
  Session start(SearchSpec spec, Settings settings) throws Exception;

  /**
   * What the command line says about the engine.
   *
   * @param master where to run, in the engine's terms (empty: the engine's default)
   * @param threads threads per candidate (0: the engine's default)
   * @param parallel candidates at once, when the user chose it; otherwise the engine's capacity
   * @param conf engine settings as key=value pairs
   * @param appName a name for the search in the engine's tools (e.g. the run id)
   */
  record Settings(
      Optional<String> master,
      int threads,
      OptionalInt parallel,
      Map<String, String> conf,
      String appName) {

    public Settings {
      Objects.requireNonNull(master, "master");
      Objects.requireNonNull(parallel, "parallel");
      conf = Map.copyOf(conf);
      Objects.requireNonNull(appName, "appName");
    }
  }

  /** A started engine; closing it releases everything it started. */
  interface Session extends AutoCloseable {

    /** Trains one candidate where the engine runs; thread-safe. */
    Evaluator evaluator();

    /** Candidates to train at once. */
    int parallel();

    /** Lines for the journal header's provenance (engine, master, executors...). */
    Map<String, String> provenance();

    @Override
    void close();
  }

  /** The engine called {@code name} on the class path, if any. */
  static Optional<EvaluatorEngine> find(String name) {
    return available().stream().filter(e -> e.name().equals(name)).findFirst();
  }

  /** Every engine on the class path. */
  static List<EvaluatorEngine> available() {
    return ServiceLoader.load(EvaluatorEngine.class).stream()
        .map(ServiceLoader.Provider::get)
        .toList();
  }
}
