package io.nas4j.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nas4j.reports.Ranking;
import io.nas4j.space.journal.CandidateEntry;
import io.nas4j.space.journal.Journal;
import io.nas4j.space.journal.JournalFile;
import io.nas4j.space.result.Status;
import io.nas4j.space.spec.SearchSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

  @Test
  void sigkillAtSeveralPointsThenResumeEndsLikeAnUninterruptedRun() throws Exception {
    Search.Outcome reference =
        Search.start(
            spec(),
            dir.resolve("reference"),
            s -> new FakeEvaluator(),
            new Search.Options(2, Map.of(), new Search.Listener() {}));

    Path run = dir.resolve("killed");
    Path calls = dir.resolve("calls.txt");
    Process process = launch("start", run, calls);
    waitForTrained(run, 4, process);
    process.destroyForcibly().waitFor();
    for (int trained : List.of(11, 19)) {
      process = launch("resume", run, calls);
      waitForTrained(run, trained, process);
      process.destroyForcibly().waitFor();
    }
    process = launch("resume", run, calls);
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the last resume did not finish");
    assertEquals(0, process.exitValue(), new String(process.getInputStream().readAllBytes()));

    Journal journal = JournalFile.read(run);
    assertEquals(reference.endReason(), journal.endReason().orElseThrow());
    assertEquals(
        SearchTest.trajectory(reference.candidates()), SearchTest.trajectory(journal.candidates()));
    assertEquals(ranked(reference.candidates()), ranked(journal.candidates()), "the same ranking");
    List<String> called = Files.readAllLines(calls, StandardCharsets.UTF_8);
    Set<String> trained =
        journal.candidates().stream()
            .filter(c -> c.result().status() != Status.INVALID)
            .map(CandidateEntry::key)
            .collect(Collectors.toSet());
    assertEquals(trained, Set.copyOf(called));
    assertEquals(called.size(), Set.copyOf(called).size(), "an architecture evaluated twice");
  }

  private static List<String> ranked(List<CandidateEntry> candidates) {
    return Ranking.rank(candidates).stream()
        .map(c -> c.result().bestValAccuracy() + "/" + c.result().macs())
        .toList();
  }

  private static Process launch(String mode, Path run, Path calls) throws IOException {
    return new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            FakeSearchMain.class.getName(),
            mode,
            run.toString(),
            calls.toString(),
            "150")
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
