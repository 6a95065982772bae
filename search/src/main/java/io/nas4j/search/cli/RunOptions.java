package io.nas4j.search.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options of commands that train candidates: where, how many at once, with how many threads. */
final class RunOptions {

  static final String LOCAL = "local";

  @Mixin Workers workers = new Workers();

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
      description = "Candidates to list at the end, >= 1 (default: ${DEFAULT-VALUE}).")
  int top;

  void check() throws BadInputException {
    workers.check();
    if (top < 1) {
      throw new BadInputException("--top must be >= 1, but was " + top);
    }
    if (engine.equals(LOCAL) && (master != null || !conf.isEmpty())) {
      throw new BadInputException(
          (master != null ? "--master" : "--conf") + " needs --engine spark");
    }
  }
}
