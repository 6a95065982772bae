package io.nas4j.spark;

import io.nas4j.search.cli.Nas;
import io.nas4j.space.journal.CandidateEntry;
import io.nas4j.space.journal.GenerationEntry;
import io.nas4j.space.journal.Journal;
import io.nas4j.space.journal.JournalFile;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures scale-out: the same search (random strategy, so the same candidates whatever the order)
 * through a loopback standalone cluster of 1, then 2, ... single-core workers; prints wall times,
 * candidates per minute, speed-up and efficiency (speed-up / workers).
 *
 * <p>Usage: {@code ScaleOutBench SPEC EVALUATIONS FOLDER [WORKERS...]} (default workers: 1 2).
 */
public final class ScaleOutBench {

  private ScaleOutBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: ScaleOutBench SPEC EVALUATIONS FOLDER [WORKERS...]");
      System.exit(2);
    }
    Path spec = Path.of(args[0]);
    int evaluations = Integer.parseInt(args[1]);
    Path folder = Path.of(args[2]);
    List<Integer> counts = new ArrayList<>();
    for (int i = 3; i < args.length; i++) {
      counts.add(Integer.parseInt(args[i]));
    }
    if (counts.isEmpty()) {
      counts = List.of(1, 2);
    }
    PrintWriter out = new PrintWriter(System.out, true);
    double base = 0;
    for (int workers : counts) {
      Path run = folder.resolve("runs").resolve("workers-" + workers);
      if (Files.exists(run)) {
        throw new IllegalArgumentException(run + " exists; choose another FOLDER");
      }
      double seconds;
      try (LocalCluster cluster =
          LocalCluster.start(folder.resolve("cluster-" + workers), workers, 1, "2g")) {
        long start = System.nanoTime();
        int code =
            Nas.run(
                new String[] {
                  "search", spec.toString(),
                  "--engine", "spark",
                  "--master", cluster.masterUrl(),
                  "--conf", "spark.executor.memory=1g",
                  "--conf", "spark.driver.host=127.0.0.1",
                  "--strategy", "random",
                  "--max-evaluations", String.valueOf(evaluations),
                  "--runs", run.getParent().toString(),
                  "--run-id", run.getFileName().toString()
                },
                new PrintWriter(
                    Files.newBufferedWriter(folder.resolve("workers-" + workers + ".log")), true),
                out);
        seconds = (System.nanoTime() - start) / 1e9;
        if (code != 0) {
          throw new IllegalStateException("search failed (exit " + code + "), see " + folder);
        }
      }
      Journal journal = JournalFile.read(run);
      List<CandidateEntry> done = journal.candidates();
      double searchSeconds =
          journal.generations().stream().mapToDouble(GenerationEntry::seconds).max().orElse(0);
      double trainingSeconds = done.stream().mapToDouble(c -> c.result().seconds()).sum();
      double perMinute = done.size() / (searchSeconds / 60);
      if (base == 0) {
        base = perMinute / workers;
      }
      double speedUp = perMinute / base;
      out.printf(
          "%d worker(s) x 1 core: %d candidates, search %.1f s (%.1f s with Spark's start and the"
              + " data loading), %.1f s per candidate in training, %.2f candidates/min, speed-up"
              + " %.2f, efficiency %.2f%n",
          workers,
          done.size(),
          searchSeconds,
          seconds,
          trainingSeconds / done.size(),
          perMinute,
          speedUp,
          speedUp / workers);
    }
  }
}
