package io.nas4j.search.cli;

import picocli.CommandLine.Option;

/**
 * How many trainings run at once and with how many ND4J threads each: the same two options in every
 * command that trains ({@code search}, {@code resume}, {@code train}).
 */
final class Workers {

  @Option(
      names = "--parallel",
      defaultValue = "1",
      paramLabel = "P",
      description =
          "Trainings at once: candidates of a search, seeds and architectures of nas train"
              + " (default: ${DEFAULT-VALUE}; with --engine spark: the cluster's cores /"
              + " --threads). On a small CPU, two trainings of one thread each train more images"
              + " per second than one of two.")
  int parallel;

  @Option(
      names = "--threads",
      defaultValue = "0",
      paramLabel = "T",
      description =
          "ND4J threads per training (default: OMP_NUM_THREADS or all cores; with --parallel P"
              + " use cores / P; with --engine spark: spark.task.cpus, default 1).")
  int threads;

  void check() throws BadInputException {
    if (parallel < 1) {
      throw new BadInputException("--parallel must be >= 1, but was " + parallel);
    }
    if (threads < 0) {
      throw new BadInputException("--threads must be >= 0, but was " + threads);
    }
  }
}
