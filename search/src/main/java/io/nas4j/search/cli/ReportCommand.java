package io.nas4j.search.cli;

import io.nas4j.reports.Reports;
import io.nas4j.reports.RunReport;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nas report RUN}: (re)writes a run's reports from its journal. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Write report.json, leaderboard.csv and report.md into a run folder, from its journal"
          + " alone (also while the search runs)."
    })
final class ReportCommand implements Callable<Integer> {

  @Spec CommandSpec command;

  @Parameters(index = "0", paramLabel = "RUN", description = "The run folder, e.g. runs/<run-id>.")
  Path run;

  @Option(
      names = "--top",
      defaultValue = "10",
      description = "Candidates in report.md's table (default: ${DEFAULT-VALUE}).")
  int top;

  @Override
  public Integer call() throws Exception {
    if (top < 1) {
      throw new BadInputException("--top must be >= 1, but was " + top);
    }
    RunReport report = Reports.write(run, top);
    var out = command.commandLine().getOut();
    out.printf(
        "%d candidates, %d ranked; wrote %s%n",
        report.journal().candidates().size(),
        report.ranking().size(),
        String.join(", ", Reports.FILES.stream().map(f -> run.resolve(f).toString()).toList()));
    out.flush();
    return Nas.OK;
  }
}
