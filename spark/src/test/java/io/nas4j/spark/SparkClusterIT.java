package io.nas4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nas4j.search.cli.Nas;
import io.nas4j.space.journal.CandidateEntry;
import io.nas4j.space.journal.Journal;
import io.nas4j.space.journal.JournalFile;
import io.nas4j.space.result.Status;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real standalone Spark cluster on loopback (a Master and two single-core Workers, each its own
 * JVM; executors are the workers' children): a search runs through it, one executor is killed
 * mid-run, and the search still records every candidate exactly once.
 */
class SparkClusterIT {

  private static final Pattern EXECUTOR =
      Pattern.compile("spark executor (\\S+) pid (\\d+) on \\S+, attempt (\\d+)");

  @TempDir static Path dir;
  private static LocalCluster cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = LocalCluster.start(dir.resolve("cluster"), 2, 1, "2g");
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
      assertEquals(List.of(), cluster.alive(), "processes left running");
    }
  }

  static String spec(String datasetPath, int evaluations) {
    return """
        dataset: {kind: idx, path: %s}
        input: {channels: 1, height: 28, width: 28}
        classes: 10
        blocks: {min: 1, max: 2, kernel: [3, 5], stride: [1, 2], channels: [8, 16], pool: [none, max]}
        head: {units: [0, 32]}
        training: {learningRate: [1.0e-3, 3.0e-3], batchSize: [32]}
        budget: {trainSize: 3000, valSize: 300, maxEpochs: 2, patience: 2, timeLimitSeconds: 120}
        search: {population: 4, generations: 50, maxEvaluations: %d, pruning: {enabled: false}}
        seed: 11
        """
        .formatted(datasetPath, evaluations);
  }

  /** {@code nas search SPEC} through the loopback cluster. */
  static String[] searchArgs(Path spec, Path runs, String runId) {
    return new String[] {
      "search",
      spec.toString(),
      "--engine",
      "spark",
      "--master",
      cluster.masterUrl(),
      "--conf",
      "spark.executor.memory=1g",
      "--conf",
      "spark.driver.host=127.0.0.1",
      "--runs",
      runs.toString(),
      "--run-id",
      runId
    };
  }

  static int nas(StringWriter out, StringWriter err, String... args) {
    return Nas.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void searchSurvivesAKilledExecutorAndRecordsEveryCandidateOnce() throws Exception {
    Path specFile = dir.resolve("spec.yaml");
    Files.writeString(specFile, spec("/usr/share/datasets/fashion-mnist", 10));
    Path run = dir.resolve("runs").resolve("cluster");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CompletableFuture<Integer> search =
        CompletableFuture.supplyAsync(
            () -> nas(out, err, searchArgs(specFile, run.getParent(), "cluster")));

    // Once a candidate is journaled, kill the executor that trained it while it trains the next.
    long deadline = System.currentTimeMillis() + 300_000;
    Set<Long> pids = Set.of();
    while (pids.isEmpty() && !search.isDone() && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
      pids = executorPids(run);
    }
    assertFalse(pids.isEmpty(), "no candidate finished: " + out + err);
    Set<Long> trained = pids;
    // the executor that journaled a candidate is idle until the driver sends it the next one: give
    // it a second to start that training (a few seconds on 3,000 images), then kill it mid-way
    Thread.sleep(1_000);
    ProcessHandle victim =
        cluster.executors().stream()
            .filter(p -> trained.contains(p.pid()))
            .findFirst()
            .orElseThrow(() -> new AssertionError("the executor of " + trained + " is gone"));
    assertTrue(victim.destroyForcibly(), "could not kill executor " + victim.pid());
    victim.onExit().get(30, TimeUnit.SECONDS);

    int code = search.get(10, TimeUnit.MINUTES);
    assertEquals(0, code, out + "\n" + err);
    Journal journal = JournalFile.read(run);
    List<CandidateEntry> candidates = journal.candidates();
    assertEquals(10, candidates.size(), out.toString());
    Set<String> keys = candidates.stream().map(CandidateEntry::key).collect(Collectors.toSet());
    assertEquals(10, keys.size(), "a candidate was journaled twice");
    Set<Long> executorPids = new HashSet<>();
    boolean retried = false;
    for (CandidateEntry c : candidates) {
      assertEquals(Status.OK, c.result().status(), c.result().error().orElse(""));
      Matcher m = EXECUTOR.matcher(c.result().environment());
      assertTrue(m.find(), c.result().environment());
      assertNotEquals("driver", m.group(1), "trained in the driver");
      long pid = Long.parseLong(m.group(2));
      assertNotEquals(ProcessHandle.current().pid(), pid);
      executorPids.add(pid);
      retried |= Integer.parseInt(m.group(3)) > 0;
    }
    assertTrue(executorPids.size() >= 2, "executors used: " + executorPids);
    assertTrue(retried, "no candidate was retried after the kill: " + out);
    assertTrue(
        journal.header().provenance().more().get("engine").startsWith("spark "),
        journal.header().provenance().toString());
  }

  @Test
  void aDatasetTheWorkersCannotReadStopsTheSearchBeforeItStarts() throws Exception {
    Path specFile = dir.resolve("missing.yaml");
    Path missing = dir.resolve("no-such-dataset");
    Files.writeString(specFile, spec(missing.toString(), 4));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = nas(out, err, searchArgs(specFile, dir.resolve("runs"), "missing"));
    assertEquals(2, code, out + "\n" + err);
    String message = err.toString().strip();
    assertTrue(
        message.startsWith("nas: spark executor ")
            && message.contains("cannot read the dataset " + missing)
            && message.contains("same path"),
        message);
    assertFalse(Files.exists(dir.resolve("runs").resolve("missing")));
  }

  /** Executor pids named in the run's journal so far. */
  private static Set<Long> executorPids(Path run) {
    Path journal = run.resolve("journal.jsonl");
    if (!Files.exists(journal)) {
      return Set.of();
    }
    try {
      Set<Long> pids = new HashSet<>();
      Matcher m = EXECUTOR.matcher(Files.readString(journal));
      while (m.find()) {
        pids.add(Long.parseLong(m.group(2)));
      }
      return pids;
    } catch (java.io.IOException e) {
      return Set.of();
    }
  }
}
