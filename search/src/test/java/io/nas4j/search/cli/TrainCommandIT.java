package io.nas4j.search.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nas4j.evaluator.dl4j.NetworkBuilder;
import io.nas4j.evaluator.dl4j.SavedModels;
import io.nas4j.reports.Ranking;
import io.nas4j.search.cli.SpaceCommandTest.Result;
import io.nas4j.search.plain.PlainDl4jScore;
import io.nas4j.space.arch.Architecture;
import io.nas4j.space.arch.Notation;
import io.nas4j.space.journal.CandidateEntry;
import io.nas4j.space.journal.JournalFile;
import io.nas4j.space.json.ArchitectureJson;
import io.nas4j.space.json.Json;
import io.nas4j.space.recipe.Augmentation;
import io.nas4j.space.result.Status;
import io.nas4j.space.training.TrainingReport;
import io.nas4j.space.training.TrainingReport.SeedRun;
import io.nas4j.space.training.TrainingReportCodec;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** nas train / export / evaluate on a real tiny search over Fashion-MNIST. */
class TrainCommandIT {

  static final Path DATA = Path.of("/usr/share/datasets/fashion-mnist");

  @TempDir static Path runs;
  static Path spec;
  static Path run;
  static CandidateEntry best;

  @BeforeAll
  static void search() throws Exception {
    assumeTrue(Files.isDirectory(DATA), "Fashion-MNIST is missing: apt-get install it");
    spec = runs.resolve("tiny.yaml");
    Files.copy(TrainCommandIT.class.getResourceAsStream("/tiny-fashion-mnist.yaml"), spec);
    Result r =
        SpaceCommandTest.nas(
            "search",
            spec.toString(),
            "--runs",
            runs.toString(),
            "--run-id",
            "s",
            "--max-evaluations",
            "3");
    assertEquals(0, r.code(), r.err());
    run = runs.resolve("s");
    best = Ranking.rank(JournalFile.read(run)).get(0);
  }

  /**
   * nas ablate of the run's best, one question, two seeds: the base and each variant trained with
   * both seeds, the answers printed and in the run's report; run again, it trains nothing.
   */
  @Test
  void ablateAnswersInPairsAndASecondRunTrainsNothing() throws Exception {
    String[] args = {
      "ablate",
      run.toString(),
      "--questions",
      "width",
      "--seeds",
      "2",
      "--epochs",
      "1",
      "--train-size",
      "600",
      "--val-size-is-not-an-option"
    };
    Result bad = SpaceCommandTest.nas(args);
    assertEquals(2, bad.code(), bad.err());
    String[] good = java.util.Arrays.copyOf(args, args.length - 1);
    Result r = SpaceCommandTest.nas(good);
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("3 architectures x 2 seed(s) = 6 trainings"), r.out());
    assertTrue(r.out().contains("[6/6]"), r.out());
    assertTrue(r.out().contains("channels x0.5 / x2: channels x0.5"), r.out());
    assertTrue(r.out().contains("6 of 6 trainings done"), r.out());
    Path journal = run.resolve("ablations").resolve(best.key()).resolve("journal.jsonl");
    assertEquals(1 + 6, Files.readAllLines(journal).size());
    String report = Files.readString(run.resolve("report.md"));
    assertTrue(report.contains("## Answers (controlled experiments)"), report);
    assertTrue(Files.readString(run.resolve("report.html")).contains("id=\"answers-0\""));
    Result again = SpaceCommandTest.nas(good);
    assertEquals(0, again.code(), again.err());
    assertTrue(again.out().contains("6 of 6 trainings already in the journal"), again.out());
    assertFalse(again.out().contains("[1/6]"), again.out());
    assertEquals(1 + 6, Files.readAllLines(journal).size());
  }

  /** The folder of the training whose console output is {@code out} ("metrics: <path>"). */
  static Path folderOf(String out) {
    Matcher m = Pattern.compile("(?m)^metrics: (.*)/metrics\\.json$").matcher(out);
    assertTrue(m.find(), out);
    return Path.of(m.group(1));
  }

  static TrainingReport report(Path folder) throws Exception {
    return TrainingReportCodec.read(folder.resolve("metrics.json"));
  }

  /**
   * Two seeds, trained at once, on a 3,000-image subset: the four files in RUN/train/<key>, mean
   * and sd of two test accuracies, and a model that plain DL4J, in a JVM without nas4j on its class
   * path, scores to exactly the test accuracy metrics.json gives for it. nas evaluate agrees too,
   * and scores the two saved seed models to exactly the ensemble accuracy metrics.json gives. A
   * second training of the architecture goes to a new folder; --out refuses a trained folder.
   */
  @Test
  void trainWritesAModelThatPlainDl4jScoresExactlyAsReported() throws Exception {
    Result r =
        SpaceCommandTest.nas(
            "train",
            run.toString(),
            "--epochs",
            "2",
            "--seeds",
            "2",
            "--parallel",
            "2",
            "--train-size",
            "3000",
            "--val-size",
            "1000");
    assertEquals(0, r.code(), r.err());
    Path folder = folderOf(r.out());
    assertEquals(
        run.resolve("train").resolve(best.key()).toAbsolutePath(), folder.toAbsolutePath());
    for (String file :
        List.of("model.zip", "architecture.json", "dl4j-config.json", "metrics.json")) {
      assertTrue(Files.size(folder.resolve(file)) > 0, file);
    }
    assertEquals(best.architecture(), ArchitectureJson.read(folder.resolve("architecture.json")));
    TrainingReport report = report(folder);
    assertEquals(2, report.trainings().size());
    assertEquals(3000, report.data().trainImages());
    assertEquals(1000, report.data().validationImages());
    assertEquals(10000, report.data().testImages());
    assertEquals(best.seed(), report.trainings().get(0).seed());
    assertEquals(best.seed() + 1, report.trainings().get(1).seed());
    double a = report.trainings().get(0).test().orElseThrow().accuracy();
    double b = report.trainings().get(1).test().orElseThrow().accuracy();
    assertEquals((a + b) / 2, report.accuracies().mean(), 1e-12);
    assertEquals(Math.abs(a - b) / Math.sqrt(2), report.accuracies().sd(), 1e-12);
    assertTrue(a > 0.6 && b > 0.6, "test accuracies " + a + ", " + b);
    assertEquals(10, report.trainings().get(0).test().orElseThrow().confusion().length);
    assertTrue(r.out().contains("mean ± sd over 2 seeds"), r.out());
    // the run's retrain recipe: nas train's defaults, with the options given
    assertEquals(OptionalInt.of(3000), report.recipe().trainSize());
    assertEquals(2, report.recipe().maxEpochs());
    assertEquals(io.nas4j.space.recipe.RateSchedule.COSINE, report.recipe().schedule());
    assertEquals(Augmentation.of(2, false, 0), report.recipe().augmentation());
    assertEquals(OptionalInt.empty(), report.recipe().batchSize());
    assertFalse(report.flipTest());
    assertTrue(report.trainings().get(0).flipped().isEmpty());
    assertEquals(best.key(), report.chosen().key());
    assertEquals(1, report.chosen().origin().orElseThrow().rank());

    double reported = report.model().orElseThrow().test().orElseThrow().accuracy();
    List<String> output = plainDl4j(folder.resolve("model.zip"));
    assertTrue(output.contains("nas4j-classes-visible=false"), String.join("\n", output));
    assertTrue(output.contains("accuracy=" + reported), reported + " vs " + output);

    Result evaluated =
        SpaceCommandTest.nas(
            "evaluate", folder.resolve("model.zip").toString(), "--data", spec.toString());
    assertEquals(0, evaluated.code(), evaluated.err());
    assertTrue(evaluated.out().contains("accuracy %.4f".formatted(reported)), evaluated.out());

    assertEquals(2, report.parallel());
    double ensemble = report.ensemble().orElseThrow().test().accuracy();
    assertEquals(
        List.of("models/seed-" + best.seed() + ".zip", "models/seed-" + (best.seed() + 1) + ".zip"),
        report.ensembleMembers().stream().map(m -> m.file().orElseThrow()).toList());
    assertTrue(
        r.out()
            .contains(
                "ensemble of the 2 seeds (class probabilities averaged): test acc %.4f"
                    .formatted(ensemble)),
        r.out());
    Result both =
        SpaceCommandTest.nas(
            "evaluate",
            folder.resolve("models/seed-" + best.seed() + ".zip").toString(),
            folder.resolve("models/seed-" + (best.seed() + 1) + ".zip").toString(),
            "--data",
            spec.toString());
    assertEquals(0, both.code(), both.err());
    assertTrue(both.out().contains("ensemble of 2 models"), both.out());
    assertTrue(both.out().contains("accuracy %.4f ".formatted(ensemble)), both.out());

    Result again =
        SpaceCommandTest.nas("train", run.toString(), "--epochs", "1", "--train-size", "500");
    assertEquals(0, again.code(), again.err());
    assertEquals(
        run.resolve("train").resolve(best.key() + "-2").toAbsolutePath(),
        folderOf(again.out()).toAbsolutePath());
    Result refused =
        SpaceCommandTest.nas("train", run.toString(), "--epochs", "1", "--out", folder.toString());
    assertEquals(2, refused.code());
    assertEquals(
        "nas: " + folder + " already holds a trained model; remove it or choose another --out",
        refused.err().strip());
  }

  /**
   * On a dataset whose labels survive a flip (the default Fashion-MNIST spec), nas train also
   * scores the test set with flip test-time augmentation; nas evaluate --tta flip gives the same
   * figure. The recipe options replace the retrain recipe's values and are recorded.
   */
  @Test
  void flipTtaAndTrainingOverrides() throws Exception {
    Path folder = runs.resolve("tta");
    Result r =
        SpaceCommandTest.nas(
            "train",
            run.toString(),
            "--data",
            "fashion-mnist",
            "--epochs",
            "1",
            "--train-size",
            "2000",
            "--val-size",
            "500",
            "--batch-size",
            "32",
            "--learning-rate",
            "0.002",
            "--cutout",
            "6",
            "--label-smoothing",
            "0.1",
            "--weight-decay",
            "0.01",
            "--ema-decay",
            "0.99",
            "--out",
            folder.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(
        r.out()
            .contains(
                "augmentation shift 2 + flip + cutout 6, label smoothing 0.1, batch 32, learning"
                    + " rate 0.002 (cosine decay to 0 over the budget), weight decay 0.01, weight"
                    + " average (EMA 0.99), up to"),
        r.out());
    TrainingReport report = report(folder);
    assertEquals(Augmentation.of(2, true, 6), report.recipe().augmentation());
    assertEquals(0.1, report.recipe().labelSmoothing(), 0.0);
    assertEquals(0.01, report.recipe().weightDecay(), 0.0);
    assertEquals(0.99, report.recipe().emaDecay(), 0.0);
    assertTrue(
        r.out().contains(" (average; trained weights "), "the epoch lines show both: " + r.out());
    // The trained network really had the decay (DL4J's own configuration of the saved model).
    String dl4jConfig = Files.readString(folder.resolve("dl4j-config.json"));
    assertTrue(dl4jConfig.contains("regularization.WeightDecay"), dl4jConfig);
    assertTrue(dl4jConfig.contains("\"value\" : 0.01"), dl4jConfig);
    assertEquals(OptionalInt.of(32), report.recipe().batchSize());
    Architecture saved = ArchitectureJson.read(folder.resolve("architecture.json"));
    assertEquals(best.architecture().layers(), saved.layers());
    assertEquals(32, saved.training().batchSize());
    assertEquals(0.002, saved.training().learningRate(), 0.0);

    assertTrue(report.flipTest());
    SeedRun model = report.model().orElseThrow();
    double plain = model.test().orElseThrow().accuracy();
    double flipped = model.flipped().orElseThrow().accuracy();
    assertEquals(flipped, report.flippedAccuracies().mean(), 0.0);
    assertTrue(flipped > 0.5, "flip-averaged test accuracy " + flipped);
    assertEquals(
        flipped,
        Json.mapper()
            .readTree(folder.resolve("metrics.json").toFile())
            .at("/model/flipAveragedTestAccuracy")
            .asDouble(),
        0.0);
    assertTrue(
        r.out().contains("test acc %.4f (%.4f with flip TTA)".formatted(plain, flipped)), r.out());
    Path zip = folder.resolve("model.zip");
    Result evaluated =
        SpaceCommandTest.nas(
            "evaluate", zip.toString(), "--data", "fashion-mnist", "--tta", "flip");
    assertEquals(0, evaluated.code(), evaluated.err());
    assertTrue(evaluated.out().contains("accuracy %.4f ".formatted(flipped)), evaluated.out());
    assertTrue(evaluated.out().contains("averaged with its mirror image's"), evaluated.out());
  }

  /**
   * --ensemble-top 2 trains the run's ranks 1 and 2 (at once, --parallel 2), each with its search
   * seed; model.zip is rank 1's. The two models form one ensemble, which nas evaluate of
   * models/*.zip reproduces exactly, unless rank 2's model lowers the pair's validation accuracy:
   * then it is left out, and the console says so (which of the two happens depends on the CPU's
   * arithmetic; FinalTrainingTest checks the choice itself).
   */
  @Test
  void ensembleTopTrainsTheBestRanksForOneEnsemble() throws Exception {
    Result r =
        SpaceCommandTest.nas(
            "train",
            run.toString(),
            "--ensemble-top",
            "2",
            "--parallel",
            "2",
            "--epochs",
            "1",
            "--train-size",
            "2000",
            "--val-size",
            "500",
            "--out",
            runs.resolve("top2").toString());
    assertEquals(0, r.code(), r.err());
    Path folder = folderOf(r.out());
    assertEquals(runs.resolve("top2").toAbsolutePath(), folder.toAbsolutePath());
    TrainingReport report = report(folder);
    List<CandidateEntry> ranked = Ranking.rank(JournalFile.read(run));
    CandidateEntry picked = ranked.get(0);
    assertEquals(
        List.of(picked.key(), ranked.get(1).key()),
        report.trainees().stream().map(t -> t.key()).toList());
    assertEquals(
        picked.architecture().layers(),
        ArchitectureJson.read(folder.resolve("architecture.json")).layers());
    assertEquals(picked.seed(), report.trainings().get(0).seed());
    assertEquals(picked.key(), report.model().orElseThrow().key());

    CandidateEntry runnerUp = ranked.get(1);
    assertEquals(2, report.trainings().size());
    assertEquals(runnerUp.seed(), report.trainings().get(1).seed());
    assertEquals(runnerUp.key(), report.trainings().get(1).key());
    assertEquals(Status.OK, report.trainings().get(1).training().status());
    assertTrue(report.trainings().get(1).test().isPresent());
    if (report.ensemble().isEmpty()) {
      assertTrue(
          r.out()
              .contains(
                  "ensemble chosen on the validation images: left out rank 2 seed "
                      + runnerUp.seed()),
          r.out());
      assertTrue(report.trainings().get(1).file().isEmpty());
      assertFalse(Files.exists(folder.resolve("models")));
      return;
    }
    String file = "models/rank-2-seed-%d.zip".formatted(runnerUp.seed());
    assertEquals(file, report.trainings().get(1).file().orElseThrow());
    assertEquals(
        runnerUp.architecture().layers(),
        SavedModels.read(folder.resolve(file)).architecture().orElseThrow().layers());
    double ensemble = report.ensemble().orElseThrow().test().accuracy();
    assertTrue(
        r.out()
            .contains(
                "ensemble of 2 models of ranks 1, 2 (class probabilities averaged): test acc %.4f"
                    .formatted(ensemble)),
        r.out());
    Result both =
        SpaceCommandTest.nas(
            "evaluate",
            folder.resolve(report.trainings().get(0).file().orElseThrow()).toString(),
            folder.resolve(file).toString(),
            "--data",
            spec.toString());
    assertEquals(0, both.code(), both.err());
    assertTrue(both.out().contains("accuracy %.4f ".formatted(ensemble)), both.out());
  }

  /**
   * Retraining rank 1 with the search's recipe, subset and seed gives the search's validation
   * accuracy exactly: same data, same seed, same thread count, and the candidate stopped at its
   * epoch budget (not at a wall-clock limit).
   */
  @Test
  void reproduceGivesTheSearchValidationAccuracyExactly() throws Exception {
    Result r = SpaceCommandTest.nas("train", run.toString(), "--reproduce");
    assertEquals(0, r.code(), r.err());
    Path folder = folderOf(r.out());
    assertEquals(best.key() + "-reproduce", folder.getFileName().toString());
    TrainingReport report = report(folder);
    assertEquals(TrainingReport.Kind.REPRODUCE, report.kind());
    assertEquals(JournalFile.read(run).header().spec().budget(), report.recipe());
    assertEquals(
        best.result().bestValAccuracy(),
        report.model().orElseThrow().training().bestValAccuracy(),
        0.0);
    JsonNode summary =
        Json.mapper().readTree(folder.resolve("metrics.json").toFile()).get("summary");
    assertEquals(0.0, summary.get("difference").asDouble(), 0.0);
    assertTrue(r.out().contains("difference +0.0000"), r.out());
  }

  @Test
  void exportWritesArchitectureDl4jAndJava() throws Exception {
    Result json = SpaceCommandTest.nas("export", run.toString(), "--format", "architecture");
    assertEquals(0, json.code(), json.err());
    assertEquals(best.architecture(), ArchitectureJson.read(json.out()));
    Result dl4j = SpaceCommandTest.nas("export", run.toString(), "--format", "dl4j");
    assertEquals(
        NetworkBuilder.configuration(best.architecture(), best.seed()).toJson(),
        dl4j.out().strip());
    Path file = runs.resolve("Best.java");
    Result java =
        SpaceCommandTest.nas(
            "export",
            run.toString(),
            "--format",
            "java",
            "--class-name",
            "Best",
            "--out",
            file.toString());
    assertEquals(0, java.code(), java.err());
    String source = Files.readString(file);
    assertTrue(source.contains("public final class Best {"), source);
    assertTrue(source.contains(".seed(seed)"), source);
    assertTrue(source.contains(best.key()), source);
  }

  @Test
  void badInputIsOneLineAndExitCode2() throws Exception {
    assertBad(
        "nas: --rank must be in [1, 3] (the trained candidates of " + run + "), but was 99",
        "train",
        run.toString(),
        "--rank",
        "99");
    assertBad(
        "nas: --arch needs --data (a spec file, 'fashion-mnist' or a folder)",
        "train",
        "--arch",
        "a.json");
    assertBad("nas: give a RUN folder or --arch FILE (one of them)", "train");
    assertBad(
        "nas: --epochs must be in [1, 10000], but was 0", "train", run.toString(), "--epochs", "0");
    assertBad(
        "nas: --lr-schedule must be one of [constant, cosine, plateau], but was 'step'"
            + " (see 'nas train --help')",
        "train",
        run.toString(),
        "--lr-schedule",
        "step");
    assertBad(
        "nas: --lr-decay goes with --lr-schedule plateau only",
        "train",
        run.toString(),
        "--lr-decay",
        "0.5");
    assertBad(
        "nas: --lr-decay must be in (0, 1), but was 1.0",
        "train",
        run.toString(),
        "--lr-schedule",
        "plateau",
        "--lr-decay",
        "1");
    assertBad(
        "nas: --tta flip needs a dataset whose images keep their label when mirrored"
            + " (dataset.horizontalFlip: true in the spec)",
        "train",
        run.toString(),
        "--tta",
        "flip");
    assertBad(
        "nas: --parallel must be >= 1, but was 0", "train", run.toString(), "--parallel", "0");
    assertBad(
        "nas: --seeds must be in [1, 1000], but was 0", "train", run.toString(), "--seeds", "0");
    assertBad(
        "nas: --cutout must be in [0, 64] pixels, but was -1",
        "train",
        run.toString(),
        "--cutout",
        "-1");
    assertBad(
        "nas: --cutout is an augmentation: drop --no-augment or --cutout",
        "train",
        run.toString(),
        "--no-augment",
        "--cutout",
        "8");
    assertBad(
        "nas: --label-smoothing must be in [0, 1), but was 1.0",
        "train",
        run.toString(),
        "--label-smoothing",
        "1");
    assertBad(
        "nas: --ema-decay must be in [0, 1), but was 1.0",
        "train",
        run.toString(),
        "--ema-decay",
        "1");
    assertBad(
        "nas: --weight-decay must be in [0, 1), but was -0.01",
        "train",
        run.toString(),
        "--weight-decay",
        "-0.01");
    assertBad(
        "nas: --weight-decay must be a number, but was 'lots' (see 'nas train --help')",
        "train",
        run.toString(),
        "--weight-decay",
        "lots");
    assertBad(
        "nas: --tta must be one of [none, flip], but was 'crop' (see 'nas train --help')",
        "train",
        run.toString(),
        "--tta",
        "crop");
    assertBad(
        "nas: --batch-size must be in [1, 8192], but was 0",
        "train",
        run.toString(),
        "--batch-size",
        "0");
    assertBad(
        "nas: --val-size must be in [1, 60000) for 60,000 training images, but was 70000",
        "train",
        run.toString(),
        "--val-size",
        "70000");
    assertBad(
        "nas: --time-limit must be minutes or a number with s, m or h (e.g. 30m), but was 'soon'"
            + " (see 'nas train --help')",
        "train",
        run.toString(),
        "--time-limit",
        "soon");
    assertBad(
        "nas: --ensemble-top must be >= 1, but was 0",
        "train",
        run.toString(),
        "--ensemble-top",
        "0");
    assertBad(
        "nas: --ensemble-top T trains ranks 1 to T: drop --rank",
        "train",
        run.toString(),
        "--ensemble-top",
        "2",
        "--rank",
        "2");
    assertBad(
        "nas: --ensemble-top must be in [1, 3] (the run's trained candidates), but was 4",
        "train",
        run.toString(),
        "--ensemble-top",
        "4");
    assertBad(
        "nas: --class-name must be a Java class name, but was 'class'",
        "export",
        run.toString(),
        "--format",
        "java",
        "--class-name",
        "class");
    Path arch = Files.writeString(runs.resolve("bad.json"), "{\"schemaVersion\": 1}");
    Result r = SpaceCommandTest.nas("train", "--arch", arch.toString(), "--data", spec.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().startsWith("nas: --arch " + arch + ": "), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    Path notModel = Files.writeString(runs.resolve("x.zip"), "nope");
    r = SpaceCommandTest.nas("evaluate", notModel.toString(), "--data", spec.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().startsWith("nas: " + notModel + ": not a DL4J model file"), r.err());
    assertBad(
        "nas: --tta must be one of [none, flip], but was 'crop' (see 'nas evaluate --help')",
        "evaluate",
        notModel.toString(),
        "--data",
        spec.toString(),
        "--tta",
        "crop");
    assertBad(
        "nas: --data nowhere: expected a spec file, 'fashion-mnist' or a dataset folder, but there"
            + " is no such file or folder",
        "evaluate",
        notModel.toString(),
        "--data",
        "nowhere");
  }

  /**
   * A training that fails for every seed says why on its one line (a script may read stderr only),
   * with exit code 1; here both seeds of a network far too large to fit in memory.
   */
  @Test
  void everySeedFailingSaysWhyOnItsLine() throws Exception {
    Architecture huge =
        Architecture.of(
            best.architecture().input(),
            Notation.parse("c3x2000000000 relu | out10"),
            best.architecture().training());
    Path arch = Files.writeString(runs.resolve("huge.json"), ArchitectureJson.write(huge));
    Path out = runs.resolve("huge-out");
    Result r =
        SpaceCommandTest.nas(
            "train",
            "--arch",
            arch.toString(),
            "--data",
            spec.toString(),
            "--seeds",
            "2",
            "--out",
            out.toString());
    assertEquals(1, r.code(), r.out() + r.err());
    String line = r.err().strip();
    assertTrue(
        line.matches(
            "nas: every seed failed to train architecture [0-9a-f]{16}: out of memory: training"
                + " needs about [0-9.,]+ GiB \\(estimate\\), the limit is [0-9.,]+ GiB \\(details in "
                + Pattern.quote(out.resolve("metrics.json").toString())
                + "\\)"),
        line);
  }

  @Test
  void aRecipeValueTheDataRefusesIsNamedWhereItCameFrom() throws Exception {
    // A copy of the run whose spec asks the final training for every training image.
    Path copy = Files.createDirectories(runs.resolve("all-images"));
    List<String> lines = new ArrayList<>(Files.readAllLines(JournalFile.of(run)));
    com.fasterxml.jackson.databind.node.ObjectNode header =
        (com.fasterxml.jackson.databind.node.ObjectNode) Json.mapper().readTree(lines.get(0));
    ((com.fasterxml.jackson.databind.node.ObjectNode) header.get("spec").get("retrain"))
        .put("trainSize", 60000);
    lines.set(0, Json.mapper().writeValueAsString(header));
    Files.write(copy.resolve(JournalFile.NAME), lines);
    assertBad(
        "nas: retrain.trainSize in the run's spec must be in [1, 54000] (the 60,000 training images"
            + " minus 6000 for validation), but was 60000",
        "train",
        copy.toString(),
        "--out",
        runs.resolve("all-images-out").toString());
    assertBad(
        "nas: --train-size must be in [1, 54000] (the 60,000 training images minus 6000 for"
            + " validation), but was 59000",
        "train",
        copy.toString(),
        "--train-size",
        "59000",
        "--out",
        runs.resolve("all-images-out-2").toString());
  }

  private static void assertBad(String message, String... args) {
    Result r = SpaceCommandTest.nas(args);
    assertEquals(2, r.code(), r.out() + r.err());
    assertEquals(message, r.err().strip());
  }

  /** Runs {@link PlainDl4jScore} in a new JVM with the test class path minus nas4j's classes. */
  private static List<String> plainDl4j(Path model) throws Exception {
    Path log = runs.resolve("plain-dl4j.log");
    List<String> classpath = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String e = entry.replace('\\', '/');
      boolean nas4j =
          e.contains("/io/nas4j/")
              || e.matches(".*/(space|evaluator|reports|search)/target/classes/?")
              || e.matches(".*/nas4j-[a-z]+-[^/]*\\.jar");
      if (!nas4j) {
        classpath.add(entry);
      }
    }
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                String.join(File.pathSeparator, classpath),
                PlainDl4jScore.class.getName(),
                model.toString(),
                DATA.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("plain DL4J check timed out:\n" + Files.readString(log));
    }
    List<String> lines = Files.readAllLines(log);
    assertEquals(0, p.exitValue(), String.join("\n", lines));
    return lines;
  }
}
