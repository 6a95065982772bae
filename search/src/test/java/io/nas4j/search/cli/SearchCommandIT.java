package io.nas4j.search.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nas4j.search.cli.SpaceCommandTest.Result;
import io.nas4j.space.journal.CandidateEntry;
import io.nas4j.space.journal.Journal;
import io.nas4j.space.journal.JournalFile;
import io.nas4j.space.result.Status;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real searches with DL4J on a few hundred Fashion-MNIST images. */
class SearchCommandIT {

  @TempDir static Path runs;
  static Path spec;

  @BeforeAll
  static void spec() throws Exception {
    assumeTrue(
        Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist")),
        "Fashion-MNIST is missing: apt-get install dataset-fashion-mnist");
    spec = runs.resolve("tiny.yaml");
    Files.copy(SearchCommandIT.class.getResourceAsStream("/tiny-fashion-mnist.yaml"), spec);
  }

  @Test
  void searchTrainsJournalsAndRanks() throws Exception {
    Result r =
        SpaceCommandTest.nas(
            "search", spec.toString(), "--runs", runs.toString(), "--run-id", "real");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("search ended: max-evaluations"), r.out());
    assertTrue(r.out().contains("   1  "), "a ranked table: " + r.out());
    Journal journal = JournalFile.read(runs.resolve("real"));
    List<CandidateEntry> trained =
        journal.candidates().stream().filter(c -> c.result().status() != Status.INVALID).toList();
    assertEquals(6, trained.size());
    for (CandidateEntry c : trained) {
      assertEquals(Status.OK, c.result().status(), c.result().error().orElse(""));
      assertTrue(c.result().bestValAccuracy() > 0.1, c.architecture().notation());
      assertTrue(c.result().environment().startsWith("cpu"), c.result().environment());
    }
    assertEquals("1.0.0-M2.1", journal.header().provenance().dl4j());
    for (String file : io.nas4j.reports.Reports.FILES) {
      assertTrue(Files.size(runs.resolve("real").resolve(file)) > 0, file);
    }
    assertTrue(r.out().contains("report: " + runs.resolve("real").resolve("report.md")), r.out());
  }

  @Test
  void resumeAfterKillKeepsFinishedCandidates() throws Exception {
    Result first =
        SpaceCommandTest.nas(
            "search",
            spec.toString(),
            "--runs",
            runs.toString(),
            "--run-id",
            "killed",
            "--max-evaluations",
            "3");
    assertEquals(0, first.code(), first.err());
    // Turn the finished run into a killed one: drop the end line and everything from the last
    // candidate on (killed while training it), then tear the last line.
    Path file = JournalFile.of(runs.resolve("killed"));
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    while (!lines.remove(lines.size() - 1).startsWith("{\"type\":\"candidate\"")) {
      // drop the end line and generation lines after the last candidate
    }
    String last = lines.remove(lines.size() - 1);
    Files.writeString(
        file,
        String.join("\n", lines) + "\n" + last.substring(0, last.length() / 3),
        StandardCharsets.UTF_8);
    Set<String> done =
        JournalFile.read(runs.resolve("killed")).candidates().stream()
            .map(CandidateEntry::key)
            .collect(Collectors.toSet());
    long trainedBefore =
        JournalFile.read(runs.resolve("killed")).candidates().stream()
            .filter(c -> c.result().status() != Status.INVALID)
            .count();

    Result resumed = SpaceCommandTest.nas("resume", runs.resolve("killed").toString());
    assertEquals(0, resumed.code(), resumed.err());
    Journal after = JournalFile.read(runs.resolve("killed"));
    assertFalse(after.tornLastLine());
    assertEquals("max-evaluations", after.endReason().orElseThrow());
    List<String> keys = after.candidates().stream().map(CandidateEntry::key).toList();
    assertEquals(keys.size(), Set.copyOf(keys).size(), "no candidate journaled twice");
    assertTrue(keys.containsAll(done));
    long trainedNow = resumed.out().lines().filter(l -> l.startsWith("  gen ")).count();
    assertEquals(keys.size() - done.size(), trainedNow, "only new candidates: " + resumed.out());
    // The progress counts go on from the journal: the first new trained candidate is number n + 1.
    String firstTrained =
        resumed
            .out()
            .lines()
            .filter(l -> l.matches("  gen .*\\[\\d+/3, .*"))
            .findFirst()
            .orElseThrow();
    assertTrue(firstTrained.contains("[" + (trainedBefore + 1) + "/3, "), resumed.out());
  }

  @Test
  void missingDatasetIsOneLineAndExitCodeTwo() throws Exception {
    Path bad = runs.resolve("bad.yaml");
    Files.writeString(
        bad, Files.readString(spec).replace("/usr/share/datasets/fashion-mnist", "/nope"));
    Result r = SpaceCommandTest.nas("search", bad.toString(), "--runs", runs.toString());
    assertEquals(2, r.code());
    assertEquals("nas: dataset.path /nope: no such folder\n", r.err());
  }

  @Test
  void aRungThatAsksForMoreImagesThanTheDataHasIsRefusedBeforeAnyTraining() throws Exception {
    Path bad = runs.resolve("big-rung.yaml");
    Files.writeString(
        bad,
        Files.readString(spec)
            + "rungs: {eta: 3, levels: [{trainSize: 1000}, {trainSize: 59900}]}\n");
    Result r =
        SpaceCommandTest.nas(
            "search", bad.toString(), "--runs", runs.toString(), "--run-id", "big-rung");
    assertEquals(
        "nas: rungs.levels[1]: trainSize must be in [1, 59800] (the 60,000 training images minus"
            + " 200 for validation), but was 59900\n",
        r.err());
    assertEquals(2, r.code());
    assertFalse(Files.exists(runs.resolve("big-rung")), "no run folder for a refused spec");
  }
}
