package io.nas4j.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nas4j.reports.Ranking;
import io.nas4j.space.Provenance;
import io.nas4j.space.journal.CandidateEntry;
import io.nas4j.space.journal.Journal;
import io.nas4j.space.journal.JournalFile;
import io.nas4j.space.journal.RungEntry;
import io.nas4j.space.result.Status;
import io.nas4j.space.spec.SearchSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kills a real search process with SIGKILL at several points and resumes it each time. */
class SearchKillIT {

  @TempDir Path dir;

  static SearchSpec spec() throws Exception {
    return SearchTest.spec("evolution", 30, "");
  }

  static SearchSpec multiFidelity() throws Exception {
    return AsyncSearchTest.spec("regularized", 27, AsyncSearchTest.RUNGS);
  }

  /**
   * A multi-fidelity search on one worker, killed while a promoted candidate trains at the top
   * rung, then resumed: no finished training at any rung is repeated, and the journal and the
   * ranking are those of an uninterrupted run.
   */
  @Test
  void sigkillDuringAPromotedTrainingThenResumeRetrainsNoFinishedRung() throws Exception {
    Search.Outcome reference =
        Search.start(
            multiFidelity(),
            dir.resolve("reference"),
            s -> new FidelityFakeEvaluator(0, null, true),
            new Search.Options(1, Provenance.of(Map.of()), new Search.Listener() {}));
    Path run = dir.resolve("killed");
    Path calls = dir.resolve("calls.txt");
    Process process = launch("start", run, calls, "rungs");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    String inTraining = null;
    while (inTraining == null && System.nanoTime() < deadline) {
      List<String> lines = readLines(calls);
      if (!lines.isEmpty() && lines.get(lines.size() - 1).matches("start .*@8")) {
        inTraining = lines.get(lines.size() - 1).substring("start ".length());
      } else {
        assertTrue(process.isAlive(), "the search ended before a rung-2 training");
        Thread.sleep(5);
      }
    }
    assertTrue(inTraining != null, "no rung-2 training within 60 s");
    process.destroyForcibly().waitFor();
    Journal killed = JournalFile.read(run);
    Set<String> journaled = new HashSet<>();
    killed.candidates().forEach(c -> journaled.add(c.key() + "@2"));
    killed.rungs().forEach(r -> journaled.add(r.key() + "@" + (r.rung() == 1 ? 4 : 8)));
    assertFalse(journaled.contains(inTraining), "the killed training is not journaled");
    int before = readLines(calls).size();

    process = launch("resume", run, calls, "rungs");
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the resume did not finish");
    assertEquals(0, process.exitValue(), new String(process.getInputStream().readAllBytes()));
    List<String> resumed =
        readLines(calls).subList(before, readLines(calls).size()).stream()
            .filter(l -> l.startsWith("start "))
            .map(l -> l.substring("start ".length()))
            .toList();
    for (String job : resumed) {
      assertFalse(journaled.contains(job), "resume trained a finished training again: " + job);
    }
    assertEquals(inTraining, resumed.get(0), "the killed training is trained again first");
    assertEquals(
        "from " + inTraining,
        readLines(calls).get(before),
        "it goes on from the state its candidate left at rung 1");
    Journal journal = JournalFile.read(run);
    Journal expected = JournalFile.read(reference.runFolder());
    assertEquals(AsyncSearchTest.trajectory(expected), AsyncSearchTest.trajectory(journal));
    assertTrue(
        journal.rungs().stream().allMatch(RungEntry::continued), "every promotion continued");
    assertFalse(Files.exists(run.resolve(RungStates.FOLDER)), "the states go when the run ends");
    assertEquals(
        Ranking.rank(expected).stream().map(CandidateEntry::key).toList(),
        Ranking.rank(journal).stream().map(CandidateEntry::key).toList(),
        "the same ranking");
  }

  @Test
  void sigkillAtSeveralPointsThenResumeEndsLikeAnUninterruptedRun() throws Exception {
    Search.Outcome reference =
        Search.start(
            spec(),
            dir.resolve("reference"),
            s -> new FakeEvaluator(),
            new Search.Options(2, Provenance.of(Map.of()), new Search.Listener() {}));

    Path run = dir.resolve("killed");
    // One calls file per process, and the keys journaled before it started: a resumed process
    // must never train a journaled candidate again. (A candidate whose training finished but was
    // not journaled yet when SIGKILL came is rightly trained again.)
    List<Path> calls = new ArrayList<>();
    List<Set<String>> journaledBefore = new ArrayList<>();
    Process process = launch("start", run, next(calls, journaledBefore, run));
    waitForTrained(run, 4, process);
    process.destroyForcibly().waitFor();
    for (int trained : List.of(11, 19)) {
      process = launch("resume", run, next(calls, journaledBefore, run));
      waitForTrained(run, trained, process);
      process.destroyForcibly().waitFor();
    }
    process = launch("resume", run, next(calls, journaledBefore, run));
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the last resume did not finish");
    assertEquals(0, process.exitValue(), new String(process.getInputStream().readAllBytes()));

    Journal journal = JournalFile.read(run);
    assertEquals(reference.endReason(), journal.endReason().orElseThrow());
    assertEquals(
        SearchTest.trajectory(reference.candidates()), SearchTest.trajectory(journal.candidates()));
    assertEquals(ranked(reference.candidates()), ranked(journal.candidates()), "the same ranking");
    Set<String> trained =
        journal.candidates().stream()
            .filter(c -> c.result().status() != Status.INVALID)
            .map(CandidateEntry::key)
            .collect(Collectors.toSet());
    Set<String> called = new HashSet<>();
    for (int i = 0; i < calls.size(); i++) {
      List<String> ofProcess = readLines(calls.get(i));
      assertEquals(ofProcess.size(), Set.copyOf(ofProcess).size(), "trained twice in process " + i);
      for (String key : ofProcess) {
        assertFalse(
            journaledBefore.get(i).contains(key), "process " + i + " retrained journaled " + key);
      }
      called.addAll(ofProcess);
    }
    assertEquals(trained, called);
  }

  /** The next process's calls file; remembers the keys journaled before it starts. */
  private static Path next(List<Path> calls, List<Set<String>> journaledBefore, Path run)
      throws Exception {
    Path file = run.resolveSibling("calls-" + calls.size() + ".txt");
    calls.add(file);
    journaledBefore.add(
        Files.exists(JournalFile.of(run))
            ? JournalFile.read(run).candidates().stream()
                .map(CandidateEntry::key)
                .collect(Collectors.toSet())
            : Set.of());
    return file;
  }

  private static List<String> readLines(Path file) throws IOException {
    return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
  }

  private static List<String> ranked(List<CandidateEntry> candidates) {
    return Ranking.rank(candidates).stream()
        .map(c -> c.result().bestValAccuracy() + "/" + c.result().macs())
        .toList();
  }

  private static Process launch(String mode, Path run, Path calls) throws IOException {
    return launch(mode, run, calls, "");
  }

  private static Process launch(String mode, Path run, Path calls, String variant)
      throws IOException {
    return new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            FakeSearchMain.class.getName(),
            mode,
            run.toString(),
            calls.toString(),
            "150",
            variant)
        .redirectErrorStream(true)
        .start();
  }

  /** Waits until the journal holds {@code count} trained candidates. */
  private static void waitForTrained(Path run, int count, Process process) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      Path journal = JournalFile.of(run);
      if (Files.exists(journal)) {
        long trained =
            Files.readAllLines(journal, StandardCharsets.UTF_8).stream()
                .filter(l -> l.contains("\"type\":\"candidate\""))
                .filter(l -> !l.contains("\"status\":\"invalid\""))
                .count();
        if (trained >= count) {
          return;
        }
      }
      assertTrue(process.isAlive(), "the search ended before it could be killed");
      Thread.sleep(10);
    }
    throw new AssertionError("no " + count + " trained candidates within 60 s");
  }
}
