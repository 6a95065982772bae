package io.nas4j.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nas4j.space.journal.CandidateEntry;
import io.nas4j.space.journal.JournalFile;
import io.nas4j.space.result.Status;
import io.nas4j.space.training.TrainingReport;
import io.nas4j.space.training.TrainingReportCodec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    write(
        run,
        "aa-first",
        TrainingFixtures.training(ranked.get(0), List.of(0.871, 0.875), Optional.of(0.88)));
    write(
        run,
        "bb-second",
        TrainingFixtures.training(ranked.get(2), List.of(0.86), Optional.empty()));
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
