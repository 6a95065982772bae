package io.nas4j.search.cli;

import io.nas4j.evaluator.dl4j.Dl4jModelTrainer;
import io.nas4j.reports.Answers;
import io.nas4j.reports.Reports;
import io.nas4j.space.InvalidFieldException;
import io.nas4j.space.ablation.AblationJournal;
import io.nas4j.space.ablation.Ablations;
import io.nas4j.space.ablation.Question;
import io.nas4j.space.journal.RunId;
import io.nas4j.space.recipe.RateSchedule;
import io.nas4j.space.recipe.TrainingRecipe;
import io.nas4j.train.Ablation;
import io.nas4j.train.SearchRun;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nas ablate}: the command-line face of {@link Ablation}. Asks the design questions of a
 * run's candidate (or an architecture file, trained on the run's data), trains the base and each
 * variant with the same seeds under the run's retrain recipe (no patience stop, a cosine schedule
 * over the epochs that fit the time each training gets), and prints the answers.
 */
@Command(
    name = "ablate",
    mixinStandardHelpOptions = true,
    description = {
      "Answer the CNN design questions for one architecture with paired experiments: its"
          + " one-factor variants and itself, trained with the same seeds.",
      "Journals each training to RUN/ablations/<id>/journal.jsonl (run it again to continue a"
          + " stopped one); the run's reports gain an Answers section."
    })
final class AblateCommand implements Callable<Integer> {

  /** A training shorter than this answers nothing worth its cost. */
  static final int MIN_SECONDS = 20;

  @Spec CommandSpec command;

  @Mixin SourceOptions source = new SourceOptions();

  @Mixin Workers workers = new Workers();

  @Option(
      names = "--questions",
      split = ",",
      paramLabel = "Q",
      description = "Which questions, comma-separated (default: all): ${COMPLETION-CANDIDATES}.",
      completionCandidates = QuestionIds.class)
  List<String> questions;

  @Option(
      names = "--seeds",
      defaultValue = "3",
      paramLabel = "N",
      description = "Trainings of each architecture, paired by seed (default: ${DEFAULT-VALUE}).")
  int seeds;

  @Option(
      names = "--time-limit",
      defaultValue = "30m",
      paramLabel = "TIME",
      converter = Converters.Time.class,
      description =
          "Wall time of the whole ablation: each training gets TIME x --parallel / trainings"
              + " (default: ${DEFAULT-VALUE}).")
  Duration timeLimit;

  @Option(
      names = "--train-size",
      paramLabel = "N",
      description =
          "Train on a stratified subset of N training images (default: the retrain recipe's),"
              + " so that more epochs fit the time each training gets.")
  Integer trainSize;

  @Option(
      names = "--epochs",
      paramLabel = "N",
      description = "At most N epochs per training (default: the retrain recipe's).")
  Integer epochs;

  @Option(
      names = "--id",
      paramLabel = "ID",
      converter = Converters.RunIdName.class,
      description = "Folder name in RUN/ablations/ (default: the architecture's key).")
  RunId id;

  /** The question ids, for the help text. */
  static final class QuestionIds extends ArrayList<String> {
    QuestionIds() {
      super(Ablations.IDS);
    }
  }

  @Override
  public Integer call() throws Exception {
    workers.check();
    if (source.run == null) {
      throw new BadInputException("give a RUN folder (with --arch FILE, its data and recipe)");
    }
    if (seeds < 1 || seeds > 100) {
      throw new BadInputException("--seeds must be in [1, 100], but was " + seeds);
    }
    List<String> asked =
        questions == null ? Ablations.IDS : List.copyOf(new LinkedHashSet<>(questions));
    for (String q : asked) {
      if (!Ablations.IDS.contains(q)) {
        throw new BadInputException(
            "--questions must be from " + String.join(", ", Ablations.IDS) + ", but was " + q);
      }
    }
    SearchRun run = SearchRun.open(source.run);
    Sources.Selected selected =
        source.arch != null
            ? new Sources.Selected(Sources.fromFile(source.arch), java.util.Optional.of(run))
            : new Sources.Selected(Sources.trainee(run, source.rank), java.util.Optional.of(run));
    List<Question> asking = Ablations.of(selected.architecture(), asked);
    int arms = 1 + (int) asking.stream().flatMap(q -> q.variants().stream()).count();
    int trainings = arms * seeds;
    // At most the longest time limit a recipe takes (a year): --time-limit may be up to a year,
    // and --parallel trainings share it.
    long perTraining =
        Math.min(timeLimit.toSeconds() * workers.parallel / trainings, TrainingRecipe.MAX_SECONDS);
    if (perTraining < MIN_SECONDS) {
      throw new BadInputException(
          ("--time-limit %s gives each of the %d trainings %d s (at least %d s needed): give more"
                  + " time, fewer --seeds or fewer --questions")
              .formatted(typedTimeLimit(), trainings, perTraining, MIN_SECONDS));
    }
    TrainingRecipe recipe =
        run.spec()
            .retrain()
            .withPatience(OptionalInt.empty())
            .withTimeLimitSeconds(OptionalInt.of((int) perTraining))
            .withSchedule(RateSchedule.COSINE);
    if (epochs != null) {
      try {
        recipe = recipe.withMaxEpochs(epochs);
      } catch (InvalidFieldException e) {
        throw RecipeOptions.badInput(e);
      }
    }
    if (trainSize != null) {
      try {
        recipe = recipe.withTrainSize(OptionalInt.of(trainSize));
      } catch (InvalidFieldException e) {
        throw RecipeOptions.badInput(e);
      }
    }
    List<Long> seedList = new ArrayList<>();
    for (int i = 0; i < seeds; i++) {
      seedList.add(selected.seed() + i);
    }
    String name = id != null ? id.value() : selected.key();
    Path folder = run.folder().resolve("ablations").resolve(name);
    Dl4jEvaluators.checkThreads(workers.threads);
    PrintWriter out = command.commandLine().getOut();
    String intro =
        ("ablation %s of %s: %d question(s), %d architectures x %d seed(s) = %d trainings, %d at"
                + " a time, %d s each")
            .formatted(
                folder,
                selected.label(),
                asking.size(),
                arms,
                seeds,
                trainings,
                workers.parallel,
                perTraining);
    long deadline = System.nanoTime() + timeLimit.toNanos() + timeLimit.toNanos() / 10;
    Ablation.Plan plan =
        new Ablation.Plan(
            name,
            selected.architecture(),
            asked,
            recipe,
            run.spec().dataset(),
            run.spec().seed(),
            seedList,
            workers.parallel,
            deadline);
    Answers.Ablation result;
    try {
      result =
          UserPaths.writing(
              folder,
              () ->
                  Ablation.run(
                      plan,
                      Dl4jModelTrainer.withThreads(workers.threads),
                      folder,
                      listener(out, intro)));
    } catch (IllegalStateException e) {
      throw new BadInputException(e.getMessage());
    } catch (InvalidFieldException e) {
      // The data's sizes: the value came from --train-size or else from the run's retrain recipe.
      boolean fromSpec =
          e.field().equals("valSize") || (e.field().equals("trainSize") && trainSize == null);
      throw fromSpec ? RecipeOptions.fromSpec(e, "retrain") : RecipeOptions.badInput(e);
    }
    int threads =
        workers.threads > 0
            ? workers.threads
            : Math.max(1, Runtime.getRuntime().availableProcessors() / workers.parallel);
    out.printf("%nanswers (paired difference of validation accuracy, variant minus base):%n");
    for (Answers.Answer a : result.answers()) {
      out.printf(
          Locale.ROOT,
          "  %s%s%n",
          a.sentence(),
          a.variant().isPresent()
              ? "; %.1f CPU-minutes".formatted(a.seconds() * threads / 60)
              : "");
    }
    out.printf(
        Locale.ROOT,
        "%d of %d trainings done, %.1f CPU-minutes in all%s%n",
        result.trainings(),
        trainings,
        result.trainingSeconds() * threads / 60,
        result.trainings() < trainings ? " (run the same command again to finish)" : "");
    Reports.write(run.folder(), 10);
    out.printf("report: %s (section Answers)%n", run.folder().resolve("report.md"));
    return Nas.OK;
  }

  /** --time-limit as the user wrote it. */
  private String typedTimeLimit() {
    var matched = command.commandLine().getParseResult().matchedOption("--time-limit");
    return matched == null ? "30m" : matched.stringValues().get(0);
  }

  private static Ablation.Listener listener(PrintWriter out, String intro) {
    return new Ablation.Listener() {
      @Override
      public void started(AblationJournal.Header header, int trainings, int done) {
        out.println(intro);
        for (Question q : header.questions()) {
          q.notApplicable().ifPresent(r -> out.printf("  %s: does not apply (%s)%n", q.id(), r));
          q.invalid().forEach(r -> out.printf("  %s: left out, %s%n", q.id(), r));
        }
        if (done > 0) {
          out.printf("  %d of %d trainings already in the journal%n", done, trainings);
        }
        out.flush();
      }

      @Override
      public void trained(String name, AblationJournal.Training t, int done, int trainings) {
        out.printf(
            Locale.ROOT,
            "  [%d/%d] %-40s seed %d  %s %.4f  %.0f s%n",
            done,
            trainings,
            name,
            t.seed(),
            t.result().status().id(),
            t.result().bestValAccuracy(),
            t.result().seconds());
        out.flush();
      }
    };
  }
}
