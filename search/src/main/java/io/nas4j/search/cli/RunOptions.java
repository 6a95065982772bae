package io.nas4j.search.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options of commands that train candidates: where, how many at once, with how many threads. */
final class RunOptions {

  static final String LOCAL = "local";

  @Option(
      names = "--parallel",
      defaultValue = "1",
      description =
          "Candidates trained at once (default: ${DEFAULT-VALUE}; with --engine spark: the"
              + " cluster's cores / --threads).")
  int parallel;

  @Option(
      names = "--threads",
      defaultValue = "0",
      description =
          "ND4J threads per candidate (default: OMP_NUM_THREADS or all cores; with --parallel P"
              + " use cores / P; with --engine spark: spark.task.cpus, default 1).")
  int threads;

  @Option(
      names = "--engine",
      defaultValue = LOCAL,
      paramLabel = "NAME",
      description =
          "Where candidates train: local (this JVM, default) or spark (an Apache Spark cluster;"
              + " needs the nas4j-spark build, see README).")
  String engine;

  @Option(
      names = "--master",
      paramLabel = "URL",
      description =
          "With --engine spark: local[N], spark://host:7077, yarn or k8s://... (default:"
              + " local[*]).")
  String master;

  @Option(
      names = "--conf",
      paramLabel = "KEY=VALUE",
      description =
          "With --engine spark: a Spark setting, e.g. --conf spark.executor.memory=4g"
              + " (repeatable).")
  Map<String, String> conf = new LinkedHashMap<>();

  @Option(
      names = "--top",
      defaultValue = "10",
      description = "Candidates to list at the end (default: ${DEFAULT-VALUE}).")
  int top;

  void check() throws BadInputException {
    if (parallel < 1) {
      throw new BadInputException("--parallel must be >= 1, but was " + parallel);
    }
    if (threads < 0) {
      throw new BadInputException("--threads must be >= 0, but was " + threads);
    }
    if (engine.equals(LOCAL) && (master != null || !conf.isEmpty())) {
      throw new BadInputException(
          (master != null ? "--master" : "--conf") + " needs --engine spark");
    }
  }
}
