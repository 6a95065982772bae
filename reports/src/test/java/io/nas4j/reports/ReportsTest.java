package io.nas4j.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nas4j.space.Provenance;
import io.nas4j.space.journal.CandidateEntry;
import io.nas4j.space.journal.JournalFile;
import io.nas4j.space.recipe.TrainingRecipe;
import io.nas4j.space.result.Status;
import io.nas4j.space.result.TestScore;
import io.nas4j.space.spec.DatasetKind;
import io.nas4j.space.spec.DatasetSpec;
import io.nas4j.space.training.TrainingReport;
import io.nas4j.space.training.TrainingReport.Origin;
import io.nas4j.space.training.TrainingReport.SeedRun;
import io.nas4j.space.training.TrainingReport.Trainee;
import io.nas4j.space.training.TrainingReportCodec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reports of a committed real journal (a 12-evaluation search on Fashion-MNIST) against golden
 * files. After a deliberate format change, regenerate them with {@code nas report} and review the
 * diff.
 */
class ReportsTest {

  @TempDir Path dir;

  private static String resource(String name) throws IOException {
    try (InputStream in = ReportsTest.class.getResourceAsStream("/sample-run/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private Path sampleRun() throws IOException {
    Files.writeString(dir.resolve("journal.jsonl"), resource("journal.jsonl"));
    return dir;
  }

  @Test
  void writesTheThreeReportsAsTheGoldenFiles() throws Exception {
    Reports.write(sampleRun(), 10);
    for (String file : Reports.FILES) {
      assertEquals(
          resource("golden-" + file),
          Files.readString(dir.resolve(file), StandardCharsets.UTF_8),
          file);
    }
  }

  /**
   * With two final trainings of the run's architectures (one with an ensemble of two seeds) and one
   * unreadable report, report.md shows their test accuracies next to the search's figures.
   */
  @Test
  void showsTheFinalTrainingsTestAccuracies() throws Exception {
    Path run = sampleRun();
    List<CandidateEntry> ranked = Ranking.rank(JournalFile.read(run).candidates());
    write(run, "aa-first", training(ranked.get(0), List.of(0.871, 0.875), Optional.of(0.88)));
    write(run, "bb-second", training(ranked.get(2), List.of(0.86), Optional.empty()));
    Files.createDirectories(run.resolve("train/cc-old"));
    Files.writeString(run.resolve("train/cc-old/metrics.json"), "{\"schemaVersion\": 1}");
    RunReport report = Reports.write(run, 10);
    assertEquals(2, report.retrainings().size());
    assertEquals(
        resource("golden-report-trained.md"),
        Files.readString(run.resolve("report.md"), StandardCharsets.UTF_8));
    String json = Files.readString(run.resolve("report.json"), StandardCharsets.UTF_8);
    assertTrue(json.contains("\"testAccuracyMean\" : 0.873"), json);
    String html = Files.readString(run.resolve("report.html"), StandardCharsets.UTF_8);
    assertTrue(html.contains("<table id=\"trainings\">"), html);
  }

  private static void write(Path run, String folder, TrainingReport report) throws IOException {
    Path dir = Files.createDirectories(run.resolve("train").resolve(folder));
    Files.writeString(dir.resolve("metrics.json"), TrainingReportCodec.write(report));
  }

  /** A training of {@code c} with one seed per test accuracy, each seed's flip TTA +0.002. */
  private static TrainingReport training(
      CandidateEntry c, List<Double> accuracies, Optional<Double> ensemble) {
    Trainee trainee =
        new Trainee(c.key(), c.architecture(), Optional.of(new Origin(1, c.seed(), c.result())));
    List<SeedRun> runs = new ArrayList<>();
    for (int i = 0; i < accuracies.size(); i++) {
      runs.add(
          new SeedRun(
              c.key(),
              c.seed() + i,
              c.result(),
              Optional.of(score(accuracies.get(i))),
              Optional.of(score(accuracies.get(i) + 0.002)),
              ensemble.isPresent() ? Optional.of("models/seed-" + i + ".zip") : Optional.empty()));
    }
    return new TrainingReport(
        TrainingReport.Kind.TRAIN,
        "2026-12-01T10:00:00Z",
        Optional.of("runs/sample"),
        List.of(trainee),
        new TrainingReport.Data(
            new DatasetSpec(DatasetKind.IDX, "/data", true), 54000, 6000, 10000, 42),
        TrainingRecipe.retrainDefaults(true),
        true,
        1,
        Optional.empty(),
        runs,
        ensemble.map(e -> new TrainingReport.Ensemble(score(e), Optional.empty())),
        60,
        Provenance.of(Map.of()));
  }

  private static TestScore score(double accuracy) {
    int right = (int) Math.round(accuracy * 1000);
    return new TestScore(
        right / 1000.0, 0.4, 1000, List.of("a", "b"), new int[][] {{right, 0}, {1000 - right, 0}});
  }

  @Test
  void modelCountsAndRanks() throws Exception {
    RunReport report = RunReport.of(JournalFile.read(sampleRun()));
    assertEquals(12, report.byStatus().get(Status.OK));
    assertEquals(13, report.byStatus().get(Status.INVALID));
    assertEquals(12, report.ranking().size());
    assertEquals(12, report.bestSoFar().size());
    assertEquals(0.822, report.bestSoFar().get(11));
    assertEquals(0.822, report.ranking().get(0).candidate().result().bestValAccuracy());
    assertTrue(report.ranking().get(0).paretoMacs());
    assertEquals(13, report.failures().values().stream().mapToInt(Integer::intValue).sum());
  }

  @Test
  void csvHasOneRowPerCandidateAndQuotesCommas() throws Exception {
    RunReport report = RunReport.of(JournalFile.read(sampleRun()));
    String csv = Renderers.csv(report);
    assertEquals(1 + 25, csv.lines().count());
    assertTrue(
        csv.contains(",\"796,782,592 MACs exceed constraints.maxMacs 8,000,000\",,\n"),
        "an error with commas is one quoted field");
  }
}
