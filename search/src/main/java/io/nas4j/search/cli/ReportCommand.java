package io.nas4j.search.cli;

import io.nas4j.reports.Comparison;
import io.nas4j.reports.Renderers;
import io.nas4j.reports.Reports;
import io.nas4j.reports.RunReport;
import io.nas4j.space.files.AtomicFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nas report RUN...}: (re)writes runs' reports from their journals, and compares runs. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Write report.json, leaderboard.csv and report.md into a run folder, from its journal"
          + " alone (also while the search runs)."
    })
final class ReportCommand implements Callable<Integer> {

  @Spec CommandSpec command;

  @Parameters(
      arity = "1..*",
      paramLabel = "RUN",
      description = "Run folders, e.g. runs/<run-id>; with several, also a comparison.")
  List<Path> runs;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "Folder for compare.md and compare.html when several runs are given, created if"
              + " needed; both are rewritten like the reports (default: the first run's parent"
              + " folder).")
  Path out;

  @Option(
      names = "--top",
      defaultValue = "10",
      description = "Candidates in report.md's table, >= 1 (default: ${DEFAULT-VALUE}).")
  int top;

  @Override
  public Integer call() throws Exception {
    if (top < 1) {
      throw new BadInputException("--top must be >= 1, but was " + top);
    }
    for (Path run : runs) {
      if (Files.isDirectory(folderOf(run))) { // a missing run is named when its journal is read
        UserPaths.checkFolder(null, folderOf(run));
      }
    }
    if (out != null && runs.size() > 1) {
      UserPaths.checkFolder("--out", out);
    }
    var printer = command.commandLine().getOut();
    List<RunReport> reports = new ArrayList<>();
    for (Path run : runs) {
      RunReport report = UserPaths.writing(folderOf(run), () -> Reports.write(run, top));
      reports.add(report);
      printer.printf("%s:%n", run);
      Renderers.summary(report).lines().forEach(l -> printer.printf("  %s%n", l));
      printer.printf("  wrote %s%n", String.join(", ", Reports.FILES));
    }
    if (reports.size() > 1) {
      Path folder = out != null ? out : runs.get(0).toAbsolutePath().getParent();
      UserPaths.writing(
          folder,
          () -> {
            AtomicFiles.write(folder.resolve("compare.md"), Comparison.markdown(reports));
            AtomicFiles.write(folder.resolve("compare.html"), Comparison.html(reports));
            return folder;
          });
      printer.print(Comparison.markdown(reports));
      printer.printf(
          "wrote %s and %s%n", folder.resolve("compare.md"), folder.resolve("compare.html"));
    }
    printer.flush();
    return Nas.OK;
  }

  /** The folder the reports of {@code run} (a run folder or its journal) go to. */
  private static Path folderOf(Path run) {
    return Files.isRegularFile(run) ? run.toAbsolutePath().getParent() : run;
  }
}
