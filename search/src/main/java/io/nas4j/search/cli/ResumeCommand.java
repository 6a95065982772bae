package io.nas4j.search.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nas resume RUN}: the same as {@code nas search --resume RUN}. */
@Command(
    name = "resume",
    mixinStandardHelpOptions = true,
    description = "Continue a killed search; finished candidates are not trained again.")
final class ResumeCommand implements Callable<Integer> {

  @Spec CommandSpec command;

  @Parameters(index = "0", paramLabel = "RUN", description = "The run folder, e.g. runs/<run-id>.")
  Path run;

  @Option(
      names = "--parallel",
      defaultValue = "1",
      description = "Candidates trained at once (default: ${DEFAULT-VALUE}).")
  int parallel;

  @Option(
      names = "--threads",
      defaultValue = "0",
      description = "ND4J threads per operation (default: OMP_NUM_THREADS or all cores).")
  int threads;

  @Option(
      names = "--top",
      defaultValue = "10",
      description = "Candidates to list at the end (default: ${DEFAULT-VALUE}).")
  int top;

  @Override
  public Integer call() throws Exception {
    SearchCommand search = new SearchCommand();
    search.command = command;
    search.resume = run;
    search.parallel = parallel;
    search.threads = threads;
    search.top = top;
    return search.call();
  }
}
