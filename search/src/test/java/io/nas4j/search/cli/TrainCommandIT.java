package io.nas4j.search.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nas4j.evaluator.dl4j.NetworkBuilder;
import io.nas4j.evaluator.dl4j.SavedModels;
import io.nas4j.reports.Ranking;
import io.nas4j.search.cli.SpaceCommandTest.Result;
import io.nas4j.search.plain.PlainDl4jScore;
import io.nas4j.space.arch.Architecture;
import io.nas4j.space.journal.CandidateEntry;
import io.nas4j.space.journal.JournalFile;
import io.nas4j.space.json.ArchitectureJson;
import io.nas4j.space.json.Json;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
    best = Ranking.rank(JournalFile.read(run).candidates()).get(0);
  }

  /**
   * Two seeds, trained at once, on a 3,000-image subset: the four files, mean and sd of two test
   * accuracies, and a model that plain DL4J, in a JVM without nas4j on its class path, scores to
   * exactly the test accuracy metrics.json gives for it. nas evaluate agrees too, and scores the
   * two saved seed models to exactly the ensemble accuracy metrics.json gives.
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
    Path folder = run.resolve("train/1");
    for (String file :
        List.of("model.zip", "architecture.json", "dl4j-config.json", "metrics.json")) {
      assertTrue(Files.size(folder.resolve(file)) > 0, file);
    }
    assertEquals(best.architecture(), ArchitectureJson.read(folder.resolve("architecture.json")));
    JsonNode metrics = Json.mapper().readTree(folder.resolve("metrics.json").toFile());
    assertEquals(2, metrics.get("seeds").size());
    assertEquals(3000, metrics.at("/data/trainImages").asInt());
    assertEquals(1000, metrics.at("/data/validationImages").asInt());
    assertEquals(10000, metrics.at("/data/testImages").asInt());
    assertEquals(best.seed(), metrics.at("/seeds/0/seed").asLong());
    assertEquals(best.seed() + 1, metrics.at("/seeds/1/seed").asLong());
    double a = metrics.at("/seeds/0/test/accuracy").asDouble();
    double b = metrics.at("/seeds/1/test/accuracy").asDouble();
    assertEquals((a + b) / 2, metrics.at("/summary/testAccuracyMean").asDouble(), 1e-12);
    assertEquals(
        Math.abs(a - b) / Math.sqrt(2), metrics.at("/summary/testAccuracySd").asDouble(), 1e-12);
    assertTrue(a > 0.6 && b > 0.6, "test accuracies " + a + ", " + b);
    assertEquals(10, metrics.at("/seeds/0/test/confusion").size());
    assertTrue(r.out().contains("mean ± sd over 2 seeds"), r.out());
    assertEquals("cosine", metrics.at("/settings/learningRateSchedule").asText());
    assertTrue(metrics.at("/settings/learningRateDecayOnPlateau").isMissingNode());
    assertEquals(
        best.architecture().training().batchSize(), metrics.at("/settings/batchSize").asInt());
    assertEquals("none", metrics.at("/summary/testTimeAugmentation").asText());
    assertTrue(metrics.at("/seeds/0/testFlipAveraged").isMissingNode());

    double reported = metrics.at("/model/testAccuracy").asDouble();
    List<String> output = plainDl4j(folder.resolve("model.zip"));
    assertTrue(output.contains("nas4j-classes-visible=false"), String.join("\n", output));
    assertTrue(output.contains("accuracy=" + reported), reported + " vs " + output);

    Result evaluated =
        SpaceCommandTest.nas(
            "evaluate", folder.resolve("model.zip").toString(), "--data", spec.toString());
    assertEquals(0, evaluated.code(), evaluated.err());
    assertTrue(evaluated.out().contains("accuracy %.4f".formatted(reported)), evaluated.out());

    assertEquals(2, metrics.at("/settings/parallel").asInt());
    double ensemble = metrics.at("/ensemble/testAccuracy").asDouble();
    assertEquals(best.seed(), metrics.at("/ensemble/seeds/0").asLong());
    assertEquals(best.seed() + 1, metrics.at("/ensemble/seeds/1").asLong());
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

    Result again = SpaceCommandTest.nas("train", run.toString(), "--epochs", "1");
    assertEquals(2, again.code());
    assertEquals(
        "nas: " + folder + " already holds a trained model; remove it or choose another --out",
        again.err().strip());
  }

  /**
   * On a dataset whose labels survive a flip (the default Fashion-MNIST spec), nas train also
   * scores the test set with flip test-time augmentation; nas evaluate --tta flip gives the same
   * figure. --batch-size and --learning-rate replace the architecture's own and are recorded.
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
            "--out",
            folder.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(
        r.out()
            .contains(
                "augmentation shift 2 + flip + cutout 6, label smoothing 0.1, batch 32, learning"
                    + " rate 0.002 (cosine decay to 0 over the budget), weight decay 0.01, up to"),
        r.out());
    JsonNode metrics = Json.mapper().readTree(folder.resolve("metrics.json").toFile());
    assertEquals("shift 2 + flip + cutout 6", metrics.at("/data/augmentation").asText());
    assertEquals(0.1, metrics.at("/settings/labelSmoothing").asDouble(), 0.0);
    assertEquals(0.01, metrics.at("/settings/weightDecay").asDouble(), 0.0);
    // The trained network really had the decay (DL4J's own configuration of the saved model).
    String dl4jConfig = Files.readString(folder.resolve("dl4j-config.json"));
    assertTrue(dl4jConfig.contains("regularization.WeightDecay"), dl4jConfig);
    assertTrue(dl4jConfig.contains("\"value\" : 0.01"), dl4jConfig);
    assertEquals(32, metrics.at("/settings/batchSize").asInt());
    assertEquals(0.002, metrics.at("/settings/learningRate").asDouble(), 0.0);
    Architecture saved = ArchitectureJson.read(folder.resolve("architecture.json"));
    assertEquals(best.architecture().layers(), saved.layers());
    assertEquals(32, saved.training().batchSize());
    assertEquals(0.002, saved.training().learningRate(), 0.0);

    assertEquals("flip", metrics.at("/summary/testTimeAugmentation").asText());
    double plain = metrics.at("/model/testAccuracy").asDouble();
    double flipped = metrics.at("/model/flipAveragedTestAccuracy").asDouble();
    assertEquals(flipped, metrics.at("/seeds/0/testFlipAveraged/accuracy").asDouble(), 0.0);
    assertEquals(flipped, metrics.at("/summary/flipAveragedTestAccuracyMean").asDouble(), 0.0);
    assertTrue(flipped > 0.5, "flip-averaged test accuracy " + flipped);
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
   * --shortlist gives the run's candidates a short trial each and trains the one with the best
   * trial validation accuracy; the trials, the choice and the chosen rank are in metrics.json. With
   * --ensemble-top 2 the runner-up's architecture trains too (at once, --parallel 2), and the two
   * models are scored as one ensemble that nas evaluate of models/*.zip reproduces exactly.
   */
  @Test
  void shortlistTrainsTheBestOfItsTrials() throws Exception {
    Result r =
        SpaceCommandTest.nas(
            "train",
            run.toString(),
            "--shortlist",
            "3",
            "--shortlist-time",
            "20s",
            "--shortlist-train-size",
            "1000",
            "--ensemble-top",
            "2",
            "--parallel",
            "2",
            "--epochs",
            "1",
            "--train-size",
            "2000",
            "--val-size",
            "500");
    assertEquals(0, r.code(), r.err());
    Path folder = run.resolve("train/best-of-3");
    JsonNode metrics = Json.mapper().readTree(folder.resolve("metrics.json").toFile());
    JsonNode trials = metrics.at("/shortlist/candidates");
    assertEquals(3, trials.size(), metrics.toPrettyString());
    int chosen = 0;
    double best = -1;
    int chosenCount = 0;
    for (JsonNode t : trials) {
      assertEquals("ok", t.at("/trial/status").asText(), t.toPrettyString());
      double accuracy = t.get("trialValAccuracy").asDouble();
      assertTrue(accuracy > 0.15, t.toPrettyString()); // 10 classes: guessing is 0.1
      if (accuracy > best) {
        best = accuracy;
        chosen = t.get("rank").asInt();
      }
      if (t.get("chosen").asBoolean()) {
        chosenCount++;
        assertEquals(chosen, t.get("rank").asInt(), "the chosen trial is not the best so far");
      }
    }
    assertEquals(1, chosenCount, trials.toPrettyString());
    assertEquals(chosen, metrics.at("/source/rank").asInt());
    assertEquals(20, metrics.at("/shortlist/timeLimitSecondsEach").asInt());
    assertTrue(r.out().contains("chosen: rank %d (trial val acc %.4f)".formatted(chosen, best)));
    CandidateEntry picked = Ranking.rank(JournalFile.read(run).candidates()).get(chosen - 1);
    assertEquals(
        picked.architecture().layers(),
        ArchitectureJson.read(folder.resolve("architecture.json")).layers());
    assertEquals(picked.seed(), metrics.at("/seeds/0/seed").asLong());

    // the runner-up: the best trial but the chosen one, the better rank on a tie
    int second = 0;
    double secondBest = -1;
    for (JsonNode t : trials) {
      double accuracy = t.get("trialValAccuracy").asDouble();
      int rank = t.get("rank").asInt();
      if (rank != chosen && (accuracy > secondBest || (accuracy == secondBest && rank < second))) {
        secondBest = accuracy;
        second = rank;
      }
    }
    for (JsonNode t : trials) {
      int rank = t.get("rank").asInt();
      assertEquals(rank == chosen || rank == second, t.get("inEnsemble").asBoolean(), rank + "");
    }
    assertEquals(2, metrics.at("/shortlist/ensembleTop").asInt());
    JsonNode members = metrics.at("/ensemble/members");
    assertEquals(2, members.size(), metrics.at("/ensemble").toPrettyString());
    assertEquals(2, metrics.at("/ensemble/architectures").asInt());
    assertEquals(chosen, members.get(0).get("rank").asInt());
    assertEquals(second, members.get(1).get("rank").asInt());
    CandidateEntry runnerUp = Ranking.rank(JournalFile.read(run).candidates()).get(second - 1);
    assertEquals(runnerUp.seed(), members.get(1).get("seed").asLong());
    assertEquals(runnerUp.architecture().notation(), members.get(1).get("notation").asText());
    for (JsonNode t : trials) {
      JsonNode trainings = t.path("ensembleTrainings");
      if (t.get("rank").asInt() == second) {
        assertEquals(1, trainings.size(), t.toPrettyString());
        assertEquals("ok", trainings.at("/0/training/status").asText());
        assertEquals(runnerUp.seed(), trainings.at("/0/seed").asLong());
        assertEquals(
            members.get(1).get("testAccuracy").asDouble(),
            trainings.at("/0/test/accuracy").asDouble());
      } else {
        assertTrue(trainings.isMissingNode(), "the chosen one is in seeds[]: " + t);
      }
    }
    assertEquals(
        metrics.at("/seeds/0/test/accuracy").asDouble(),
        members.get(0).get("testAccuracy").asDouble());
    String file = "models/rank-%d-seed-%d.zip".formatted(second, runnerUp.seed());
    assertEquals(file, members.get(1).get("file").asText());
    assertEquals(
        runnerUp.architecture().layers(),
        SavedModels.read(folder.resolve(file)).architecture().orElseThrow().layers());
    double ensemble = metrics.at("/ensemble/testAccuracy").asDouble();
    assertTrue(
        r.out()
            .contains(
                "ensemble of 2 models of ranks %d, %d (class probabilities averaged): test acc %.4f"
                    .formatted(chosen, second, ensemble)),
        r.out());
    Result both =
        SpaceCommandTest.nas(
            "evaluate",
            folder.resolve(members.get(0).get("file").asText()).toString(),
            folder.resolve(file).toString(),
            "--data",
            spec.toString());
    assertEquals(0, both.code(), both.err());
    assertTrue(both.out().contains("accuracy %.4f ".formatted(ensemble)), both.out());
  }

  /**
   * Retraining rank 1 with the search's subset, budget and seed gives the search's validation
   * accuracy exactly: same data, same seed, same thread count, and the candidate stopped at its
   * epoch budget (not at a wall-clock limit).
   */
  @Test
  void reproduceGivesTheSearchValidationAccuracyExactly() throws Exception {
    Result r = SpaceCommandTest.nas("train", run.toString(), "--reproduce");
    assertEquals(0, r.code(), r.err());
    JsonNode metrics =
        Json.mapper().readTree(run.resolve("train/1-reproduce/metrics.json").toFile());
    assertEquals(
        best.result().bestValAccuracy(),
        metrics.at("/summary/reproducedValAccuracy").asDouble(),
        0.0);
    assertEquals(0.0, metrics.at("/summary/difference").asDouble(), 0.0);
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
        "nas: --rank 99: " + run + " has only 3 trained candidate(s)",
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
    assertBad("nas: --epochs must be >= 1, but was 0", "train", run.toString(), "--epochs", "0");
    assertBad(
        "nas: --reproduce repeats the search's training with the run's data, split, budget and"
            + " seed: drop --seeds",
        "train",
        run.toString(),
        "--reproduce",
        "--seeds",
        "3");
    assertBad(
        "nas: --lr-schedule must be cosine, plateau or constant, but was 'step'",
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
        "nas: --reproduce repeats the search's training with the run's data, split, budget and"
            + " seed: drop --label-smoothing",
        "train",
        run.toString(),
        "--reproduce",
        "--label-smoothing",
        "0.1");
    assertBad(
        "nas: --weight-decay must be in [0, 1), but was -0.01",
        "train",
        run.toString(),
        "--weight-decay",
        "-0.01");
    assertBad(
        "nas: --reproduce repeats the search's training with the run's data, split, budget and"
            + " seed: drop --weight-decay",
        "train",
        run.toString(),
        "--reproduce",
        "--weight-decay",
        "0.01");
    assertBad(
        "nas: --tta must be flip or none, but was 'crop'",
        "train",
        run.toString(),
        "--tta",
        "crop");
    assertBad(
        "nas: --batch-size must be >= 1, but was 0", "train", run.toString(), "--batch-size", "0");
    assertBad(
        "nas: --reproduce repeats the search's training with the run's data, split, budget and"
            + " seed: drop --batch-size",
        "train",
        run.toString(),
        "--reproduce",
        "--batch-size",
        "64");
    assertBad(
        "nas: --time-limit must be minutes or a number with s, m or h (e.g. 30m), but was 'soon'",
        "train",
        run.toString(),
        "--time-limit",
        "soon");
    assertBad(
        "nas: --shortlist picks the architecture: drop --rank",
        "train",
        run.toString(),
        "--shortlist",
        "2",
        "--rank",
        "2");
    assertBad(
        "nas: --shortlist-time goes with --shortlist K only",
        "train",
        run.toString(),
        "--shortlist-time",
        "1m");
    assertBad(
        "nas: --shortlist needs a RUN: it picks from the run's ranking",
        "train",
        "--arch",
        "a.json",
        "--data",
        "fashion-mnist",
        "--shortlist",
        "2");
    assertBad(
        "nas: --shortlist must be >= 1 (or 0: no shortlist), but was -1",
        "train",
        run.toString(),
        "--shortlist",
        "-1");
    assertBad(
        "nas: --ensemble-top goes with --shortlist K only",
        "train",
        run.toString(),
        "--ensemble-top",
        "2");
    assertBad(
        "nas: --ensemble-top must be in [1, 2] (at most --shortlist), but was 3",
        "train",
        run.toString(),
        "--shortlist",
        "2",
        "--ensemble-top",
        "3");
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
        "nas: --tta must be none or flip, but was 'crop'",
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
