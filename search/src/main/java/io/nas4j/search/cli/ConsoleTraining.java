package io.nas4j.search.cli;

import io.nas4j.space.arch.Architecture;
import io.nas4j.space.recipe.TrainingRecipe;
import io.nas4j.space.result.EpochScore;
import io.nas4j.space.result.EvaluationResult;
import io.nas4j.space.training.TrainingReport;
import io.nas4j.space.training.TrainingReport.Accuracies;
import io.nas4j.space.training.TrainingReport.SeedRun;
import io.nas4j.space.training.TrainingReport.Trainee;
import io.nas4j.train.FinalTraining;
import io.nas4j.train.TrainingListener;
import java.io.PrintWriter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code nas train}'s console: one line per epoch and training, then a summary. */
final class ConsoleTraining implements TrainingListener {

  private final PrintWriter out;

  ConsoleTraining(PrintWriter out) {
    this.out = out;
  }

  @Override
  public synchronized void trainingStarted(FinalTraining.Start start) {
    TrainingRecipe r = start.plan().recipe();
    Trainee first = start.trainees().get(0);
    Architecture trained = r.applyTo(first.architecture());
    out.printf(
        "training %s: %s%n  %,d training / %,d validation / %,d test images, augmentation %s,"
            + "%s batch %d, learning rate %s (%s),%s%s up to %d epochs (%s), %d seed(s)%n",
        start.plan().run().map(p -> p + " " + first.label()).orElse(first.label()),
        first.architecture().notation(),
        start.sizes().train(),
        start.sizes().validation(),
        start.testImages(),
        r.augmentation().describe(),
        r.labelSmoothing() > 0 ? " label smoothing " + r.labelSmoothing() + "," : "",
        trained.training().batchSize(),
        trained.training().learningRate(),
        r.describeSchedule(),
        r.weightDecay() > 0 ? " weight decay " + r.weightDecay() + "," : "",
        r.emaDecay() > 0 ? " weight average (EMA " + r.emaDecay() + ")," : "",
        r.maxEpochs(),
        r.patience().isPresent() ? "patience " + r.patience().getAsInt() : "no patience stop",
        start.plan().seeds());
    for (Trainee other : start.trainees().subList(1, start.trainees().size())) {
      out.printf(
          "  and for the ensemble: %s: %s, %d seed(s)%n",
          other.label(), other.architecture().notation(), start.plan().seeds());
    }
    out.flush();
  }

  @Override
  public synchronized void epoch(FinalTraining.Member member, EpochScore e) {
    out.printf(
        "%s epoch %3d  train loss %.4f  val acc %.4f%s  %6.0f s%n",
        prefix(member),
        e.epoch(),
        e.trainLoss(),
        e.valAccuracy(),
        e.trainedValAccuracy().isPresent()
            ? " (average; trained weights %.4f)".formatted(e.trainedValAccuracy().getAsDouble())
            : "",
        e.seconds());
    out.flush();
  }

  @Override
  public synchronized void trained(FinalTraining.Member member, SeedRun run) {
    EvaluationResult r = run.training();
    if (run.test().isEmpty()) {
      out.printf("%s failed: %s%n", prefix(member), r.error().orElse(r.stopReason()));
    } else {
      out.printf(
          "%s done: best epoch %d of %d (%s), val acc %.4f, test acc %.4f%s, %.1f min%n",
          prefix(member),
          r.bestEpoch().orElse(0),
          r.epochsRun(),
          r.stopReason(),
          r.bestValAccuracy(),
          run.test().get().accuracy(),
          run.flipped().map(f -> " (%.4f with flip TTA)".formatted(f.accuracy())).orElse(""),
          r.seconds() / 60);
    }
    out.flush();
  }

  @Override
  public synchronized void ensembleChosen(FinalTraining.EnsembleChoice choice) {
    if (!choice.leftOut().isEmpty()) {
      out.printf(
          "ensemble chosen on the validation images: left out %s (all %d together: val acc %.4f;"
              + " without: %.4f)%n",
          choice.leftOut().stream()
              .map(ConsoleTraining::training)
              .collect(java.util.stream.Collectors.joining(", ")),
          choice.members().size() + choice.leftOut().size(),
          choice.allValidationAccuracy(),
          choice.validationAccuracy());
      out.flush();
    }
  }

  @Override
  public synchronized void finished(FinalTraining.Result result) {
    TrainingReport report = result.report();
    out.println();
    if (report.kind() == TrainingReport.Kind.REPRODUCE && report.model().isPresent()) {
      reproduced(report);
    }
    Accuracies plain = report.accuracies();
    if (plain.n() > 1) {
      out.printf(
          "test accuracy %.4f ± %.4f (mean ± sd over %d seeds; min %.4f, max %.4f)%n",
          plain.mean(), plain.sd(), plain.n(), plain.min(), plain.max());
    } else if (plain.n() == 1) {
      out.printf("test accuracy %.4f%n", plain.mean());
    }
    if (report.flipTest() && plain.n() > 0) {
      Accuracies flipped = report.flippedAccuracies();
      out.printf(
          "test accuracy with flip TTA (each prediction averaged with its mirror image's) %.4f%s%n",
          flipped.mean(), flipped.n() > 1 ? " ± %.4f".formatted(flipped.sd()) : "");
    }
    report
        .ensemble()
        .ifPresent(
            e -> {
              List<String> ranks =
                  report.ensembleMembers().stream()
                      .map(m -> report.trainee(m.key()))
                      .distinct()
                      .map(t -> t.origin().map(o -> String.valueOf(o.rank())).orElse(t.key()))
                      .toList();
              int models = report.ensembleMembers().size();
              out.printf(
                  "ensemble of %s: test acc %.4f%s%n  models: %s"
                      + " (nas evaluate %s/*.zip scores it again)%n",
                  models == 1
                      ? "1 model, rank %s's seed %d alone (chosen on the validation images)"
                          .formatted(ranks.get(0), report.ensembleMembers().get(0).seed())
                      : (ranks.size() > 1
                              ? "%d models of ranks %s".formatted(models, String.join(", ", ranks))
                              : "the %d seeds".formatted(models))
                          + " (class probabilities averaged)",
                  e.test().accuracy(),
                  e.flipped().map(f -> " (%.4f with flip TTA)".formatted(f.accuracy())).orElse(""),
                  result.folder().resolve(FinalTraining.MODELS),
                  result.folder().resolve(FinalTraining.MODELS));
            });
    report
        .model()
        .ifPresent(
            m ->
                out.printf(
                    "model (seed %d, test acc %.4f): %s%n",
                    m.seed(),
                    m.test().orElseThrow().accuracy(),
                    result.folder().resolve(TrainingReport.MODEL)));
    out.printf(
        "metrics: %s%ntook %.1f min%n",
        result.folder().resolve(TrainingReport.FILE), report.seconds() / 60);
    out.flush();
  }

  /** The search's validation accuracy against the repeated training's, with notes on why not. */
  private void reproduced(TrainingReport report) {
    EvaluationResult search = report.chosen().origin().orElseThrow().searchResult();
    EvaluationResult again = report.model().orElseThrow().training();
    out.printf(
        "search val acc %.4f (epoch %d of %d, %s); reproduced %.4f (epoch %d of %d, %s):"
            + " difference %+.4f%n",
        search.bestValAccuracy(),
        search.bestEpoch().orElse(0),
        search.epochsRun(),
        search.stopReason(),
        again.bestValAccuracy(),
        again.bestEpoch().orElse(0),
        again.epochsRun(),
        again.stopReason(),
        again.bestValAccuracy() - search.bestValAccuracy());
    String searchThreads = threadsOf(search.environment());
    String ourThreads = threadsOf(again.environment());
    if (!searchThreads.equals(ourThreads)) {
      out.printf(
          "note: the search trained with %s per candidate, this run with %s: floating-point"
              + " sums may run in another order, so small differences are expected (pass"
              + " --threads to match)%n",
          searchThreads, ourThreads);
    }
    if (search.stopReason().equals("time-limit")) {
      out.println(
          "note: the search stopped this candidate at its time limit, which depends on the"
              + " machine's speed; the epochs reached may differ");
    }
  }

  /** "2 threads" from an environment line such as "cpu (onednn, openblas) 2 threads, AMD EPYC". */
  static String threadsOf(String environment) {
    Matcher m = Pattern.compile("(\\d+ threads?)").matcher(environment);
    return m.find() ? m.group(1) : "an unknown number of threads";
  }

  private static String prefix(FinalTraining.Member m) {
    return "  %s (%d/%d)".formatted(training(m), m.index(), m.count());
  }

  /** "rank 2 seed 7" ("seed 7" when all trainings are of one architecture). */
  private static String training(FinalTraining.Member m) {
    return (m.severalArchitectures() ? m.trainee().label() + " " : "") + "seed " + m.seed();
  }
}
