package io.nas4j.search.cli;

import io.nas4j.space.journal.JournalException;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Options of commands that take a ranked candidate of a run, or an architecture file. */
final class SourceOptions {

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "RUN",
      description = "A run folder, e.g. runs/<run-id> (or use --arch).")
  Path run;

  @Option(
      names = "--rank",
      defaultValue = "1",
      description = "Which candidate of the run's ranking (default: ${DEFAULT-VALUE}).")
  int rank;

  @Option(
      names = "--arch",
      paramLabel = "FILE",
      description = "An architecture JSON file instead of a run's candidate.")
  Path arch;

  Sources.Selected select() throws JournalException, BadInputException {
    return Sources.select(run, arch, rank);
  }
}
