package io.nas4j.search.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nas resume RUN}: the same as {@code nas search --resume RUN}. */
@Command(
    name = "resume",
    mixinStandardHelpOptions = true,
    description =
        "Continue a killed or interrupted search; finished candidates are not trained again.")
final class ResumeCommand implements Callable<Integer> {

  @Spec CommandSpec command;

  @Mixin RunOptions run = new RunOptions();

  @Parameters(index = "0", paramLabel = "RUN", description = "The run folder, e.g. runs/<run-id>.")
  Path runFolder;

  @Override
  public Integer call() throws Exception {
    SearchCommand search = new SearchCommand();
    search.command = command;
    search.resume = runFolder;
    search.run = run;
    return search.call();
  }
}
