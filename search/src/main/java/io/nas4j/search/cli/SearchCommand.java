package io.nas4j.search.cli;

import io.nas4j.reports.Reports;
import io.nas4j.search.Search;
import io.nas4j.search.engine.EvaluatorEngine;
import io.nas4j.space.files.SafeNames;
import io.nas4j.space.journal.Journal;
import io.nas4j.space.journal.JournalFile;
import io.nas4j.space.journal.RunId;
import io.nas4j.space.spec.Objective;
import io.nas4j.space.spec.SearchBudget;
import io.nas4j.space.spec.SearchSpec;
import io.nas4j.space.spec.SpecReader;
import io.nas4j.space.spec.Strategy;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nas search}: runs a search into {@code runs/<run-id>}, or resumes one. */
@Command(
    name = "search",
    mixinStandardHelpOptions = true,
    description = {
      "Run a search: train candidates, journal each one to runs/<run-id>/journal.jsonl, and print"
          + " the top candidates.",
      "A killed search continues with --resume runs/<run-id>: finished candidates are not"
          + " trained again."
    })
final class SearchCommand implements Callable<Integer> {

  @Spec CommandSpec command;

  @Mixin RunOptions run = new RunOptions();

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "SPEC",
      description = "Spec file, or 'fashion-mnist' for the built-in spec (default).")
  Path specFile;

  @Option(
      names = "--resume",
      paramLabel = "RUN",
      description = "Continue the run in this folder (with the spec in its journal).")
  Path resume;

  @Option(
      names = {"--runs", "--out"},
      defaultValue = "runs",
      paramLabel = "DIR",
      description = "Folder for run folders, created if needed (default: ${DEFAULT-VALUE}).")
  Path runs;

  @Option(
      names = "--run-id",
      paramLabel = "ID",
      converter = Converters.RunIdName.class,
      description =
          "Name of the new run folder in --out: up to "
              + SafeNames.MAX_LENGTH
              + " ASCII letters, digits, '-', '_' or '.', not starting with '.' (default:"
              + " time-strategy-seed).")
  RunId runId;

  @Option(
      names = "--strategy",
      converter = Converters.StrategyId.class,
      description = "Override search.strategy: regularized, evolution or random.")
  Strategy strategy;

  @Option(
      names = "--objective",
      converter = Converters.ObjectiveId.class,
      description = "Override search.objective: accuracy, accuracy-macs or accuracy-params.")
  Objective objective;

  @Option(names = "--seed", description = "Override the spec's seed.")
  Long seed;

  @Option(names = "--max-evaluations", description = "Override search.maxEvaluations.")
  Integer maxEvaluations;

  @Option(names = "--generations", description = "Override search.generations.")
  Integer generations;

  @Option(
      names = {"--time-limit", "--wall-time"},
      paramLabel = "TIME",
      converter = Converters.Time.class,
      description =
          "Override search.wallTimeMinutes: minutes, or e.g. 90s, 30m, 2h (seconds round up to"
              + " whole minutes).")
  Duration wallTime;

  @Override
  public Integer call() throws Exception {
    run.check();
    PrintWriter out = command.commandLine().getOut();
    boolean live = System.console() != null;
    SearchSpec spec;
    Path folder;
    Journal journal = null;
    if (resume != null) {
      if (specFile != null
          || strategy != null
          || objective != null
          || seed != null
          || maxEvaluations != null
          || generations != null
          || wallTime != null) {
        throw new BadInputException(
            "--resume continues a run with the spec in its journal: give no SPEC or overrides");
      }
      if (runId != null || command.commandLine().getParseResult().hasMatchedOption("--out")) {
        throw new BadInputException(
            "--resume continues the run in its own folder: give no --run-id or "
                + Nas.typedName(command, "--out"));
      }
      journal = JournalFile.read(resume);
      // Before any engine starts (Search.resume checks it too).
      Search.checkResumable(resume, journal);
      spec = journal.header().spec();
      folder = resume;
      UserPaths.checkFolder(
          null, Files.isDirectory(resume) ? resume : resume.toAbsolutePath().getParent());
    } else {
      spec =
          overridden(
              SpecReader.read(specFile == null ? Path.of(SpecReader.DEFAULT_SPEC) : specFile));
      Search.checkTrainable(spec); // before the engine loads data
      UserPaths.checkFolder(Nas.typedName(command, "--out"), runs);
      folder = (runId != null ? runId : RunId.of(Search.newRunId(spec))).folderIn(runs);
      if (Files.exists(folder)) {
        throw new BadInputException(
            "run folder %s already exists; continue it with --resume %s".formatted(folder, folder));
      }
    }
    boolean parallelGiven = command.commandLine().getParseResult().hasMatchedOption("--parallel");
    String appName = "nas4j " + folder.toAbsolutePath().normalize().getFileName();
    try (EvaluatorEngine.Session engine = Engines.open(run, parallelGiven, spec, appName)) {
      Search.EvaluatorFactory factory = s -> engine.evaluator();
      Progress progress = progress(out, live, spec, resume != null ? resume : folder);
      if (resume != null) {
        progress.resumedFrom(journal);
      }
      Search.Options options = options(engine, progress);
      if (resume != null) {
        out.printf("resuming %s%n", resume);
        UserPaths.writing(folder, () -> Search.resume(resume, factory, options));
      } else {
        out.printf(
            "run %s: %s search, seed %d, %d candidate(s) at a time%s%n",
            folder,
            spec.search().strategy().id(),
            spec.seed(),
            engine.parallel(),
            run.engine.equals(RunOptions.LOCAL) ? "" : " on " + run.engine);
        if (run.engine.equals(RunOptions.LOCAL)) {
          out.println(Dl4jEvaluators.backendLine());
        }
        UserPaths.writing(folder, () -> Search.start(spec, folder, factory, options));
      }
    }
    return Nas.OK;
  }

  private Progress progress(PrintWriter out, boolean live, SearchSpec spec, Path folder) {
    return new Progress(
        out,
        live,
        spec.search(),
        () -> writeReports(out, folder),
        outcome -> {
          TopTable.print(out, outcome, spec.search().objective(), run.top);
          if (writeReports(out, folder)) {
            out.printf("report: %s%n", outcome.runFolder().resolve("report.md"));
          }
        });
  }

  /** Rewrites the run's reports; a failure is reported but does not stop the search. */
  private boolean writeReports(PrintWriter out, Path folder) {
    try {
      Reports.write(folder, run.top);
      return true;
    } catch (Exception e) {
      out.printf("warning: could not write the reports of %s: %s%n", folder, e.getMessage());
      return false;
    }
  }

  private static Search.Options options(EvaluatorEngine.Session engine, Search.Listener listener) {
    Map<String, String> more = new LinkedHashMap<>(engine.provenance());
    more.put("parallel", String.valueOf(engine.parallel()));
    return new Search.Options(engine.parallel(), Dl4jEvaluators.provenance(more), listener);
  }

  /** The options that override a search budget key, for messages. */
  private static final Map<String, String> OVERRIDES =
      Map.of(
          "search.generations", "--generations",
          "search.maxEvaluations", "--max-evaluations",
          "search.wallTimeMinutes", "--time-limit");

  private SearchSpec overridden(SearchSpec spec) throws BadInputException {
    SearchBudget s = spec.search();
    try {
      SearchBudget search =
          new SearchBudget(
              strategy == null ? s.strategy() : strategy,
              objective == null ? s.objective() : objective,
              s.population(),
              generations == null ? s.generations() : generations,
              maxEvaluations == null ? s.maxEvaluations() : maxEvaluations,
              wallTime == null ? s.wallTimeMinutes() : (int) ((wallTime.toSeconds() + 59) / 60),
              s.steadyGenerations(),
              s.evolution(),
              s.pruning(),
              s.initial());
      return spec.withSearch(search, seed == null ? spec.seed() : seed);
    } catch (IllegalArgumentException e) {
      String message = e.getMessage();
      for (Map.Entry<String, String> o : OVERRIDES.entrySet()) {
        if (message.startsWith(o.getKey() + " ")) {
          message = Nas.typedName(command, o.getValue()) + message.substring(o.getKey().length());
        }
      }
      throw new BadInputException(message);
    }
  }
}
