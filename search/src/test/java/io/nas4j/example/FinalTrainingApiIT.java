package io.nas4j.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nas4j.evaluator.dl4j.Dl4jModelTrainer;
import io.nas4j.search.cli.Nas;
import io.nas4j.space.recipe.TrainingRecipe;
import io.nas4j.space.training.TrainingReport;
import io.nas4j.space.training.TrainingReport.SeedRun;
import io.nas4j.space.training.TrainingReportCodec;
import io.nas4j.train.FinalTraining;
import io.nas4j.train.Output;
import io.nas4j.train.SearchRun;
import io.nas4j.train.TrainingListener;
import io.nas4j.train.TrainingPlan;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The final training from Java, with public API only: what {@code nas train RUN --ensemble-top 2}
 * does takes a dozen lines, and gives exactly the command's results.
 */
class FinalTrainingApiIT {

  static final Path DATA = Path.of("/usr/share/datasets/fashion-mnist");

  @TempDir Path dir;

  @Test
  void anEnsembleOfTheBestRanksFromJavaMatchesTheCommand() throws Exception {
    assumeTrue(Files.isDirectory(DATA), "Fashion-MNIST is missing: apt-get install it");
    Path spec = dir.resolve("tiny.yaml");
    Files.copy(getClass().getResourceAsStream("/tiny-fashion-mnist.yaml"), spec);
    nas(
        "search",
        spec.toString(),
        "--runs",
        dir.toString(),
        "--run-id",
        "s",
        "--max-evaluations",
        "3");

    // -- the Java way --
    SearchRun run = SearchRun.open(dir.resolve("s"));
    TrainingRecipe recipe =
        run.spec()
            .retrain()
            .withMaxEpochs(1)
            .withTrainSize(OptionalInt.of(1500))
            .withValSize(OptionalInt.of(500));
    TrainingPlan plan = TrainingPlan.top(run, 2).withRecipe(recipe).withParallel(2);
    FinalTraining.Result api =
        FinalTraining.run(
            plan,
            Dl4jModelTrainer.withThreads(0),
            Output.at(dir.resolve("api")),
            TrainingListener.NONE);
    // -- --

    nas(
        "train",
        dir.resolve("s").toString(),
        "--ensemble-top",
        "2",
        "--epochs",
        "1",
        "--train-size",
        "1500",
        "--val-size",
        "500",
        "--parallel",
        "2",
        "--out",
        dir.resolve("cli").toString());
    TrainingReport cli = TrainingReportCodec.read(dir.resolve("cli/metrics.json"));
    TrainingReport java = api.report();
    assertEquals(cli.trainees(), java.trainees());
    assertEquals(cli.recipe(), java.recipe());
    assertEquals(accuracies(cli), accuracies(java));
    // the same models, so the same ensemble choice on the validation images (both, or one alone)
    assertEquals(
        cli.ensemble().map(e -> e.test().accuracy()),
        java.ensemble().map(e -> e.test().accuracy()));
    assertEquals(files(cli), files(java));
    assertEquals(java.ensemble().isPresent() ? 2 : 0, java.ensembleMembers().size());
    java.ensemble().ifPresent(e -> assertTrue(e.validationAccuracy().isPresent()));
  }

  private static List<String> files(TrainingReport report) {
    return report.ensembleMembers().stream().map(m -> m.file().orElseThrow()).toList();
  }

  private static List<Double> accuracies(TrainingReport report) {
    return report.trainings().stream()
        .map(SeedRun::test)
        .map(t -> t.orElseThrow().accuracy())
        .toList();
  }

  private static void nas(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Nas.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    assertEquals(0, code, out + "\n" + err);
  }
}
