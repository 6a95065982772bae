package io.nas4j.search.cli;

import picocli.CommandLine.Option;

/** Options of commands that train candidates: how many at once, with how many threads. */
final class RunOptions {

  @Option(
      names = "--parallel",
      defaultValue = "1",
      description = "Candidates trained at once (default: ${DEFAULT-VALUE}).")
  int parallel;

  @Option(
      names = "--threads",
      defaultValue = "0",
      description =
          "ND4J threads per operation (default: OMP_NUM_THREADS or all cores; with --parallel P"
              + " use cores / P).")
  int threads;

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
  }
}
