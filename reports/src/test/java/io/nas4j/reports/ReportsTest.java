package io.nas4j.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nas4j.space.journal.JournalFile;
import io.nas4j.space.result.Status;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
        csv.contains(",\"796,782,592 MACs exceed constraints.maxMacs 8,000,000\"\n"),
        "an error with commas is one quoted field");
  }
}
