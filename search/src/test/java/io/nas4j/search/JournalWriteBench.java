package io.nas4j.search;

import io.nas4j.space.CanonicalKey;
import io.nas4j.space.Provenance;
import io.nas4j.space.SearchSpace;
import io.nas4j.space.arch.Analysis;
import io.nas4j.space.arch.Architecture;
import io.nas4j.space.journal.CandidateEntry;
import io.nas4j.space.journal.JournalFile;
import io.nas4j.space.journal.JournalHeader;
import io.nas4j.space.result.EpochScore;
import io.nas4j.space.result.EvaluationResult;
import io.nas4j.space.result.Status;
import io.nas4j.space.spec.SpecReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;

/**
 * What forcing each journal line to the disk costs: appends {@code N} candidate lines (like a
 * search's, ~2 KB) with and without {@code FileChannel.force}, in a folder on the disk under test,
 * and prints milliseconds per line. Run once by hand, not by the build:
 *
 * <pre>
 * java -cp search/target/classes:search/target/test-classes:search/target/lib/* \
 *     io.nas4j.search.JournalWriteBench [folder] [lines]
 * </pre>
 */
final class JournalWriteBench {

  private JournalWriteBench() {}

  public static void main(String[] args) throws Exception {
    Path parent = Path.of(args.length > 0 ? args[0] : "target");
    int lines = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    List<CandidateEntry> entries = entries(lines);
    for (int round = 0; round < 3; round++) {
      for (boolean durable : new boolean[] {false, true}) {
        Path folder = Files.createTempDirectory(Files.createDirectories(parent), "bench-");
        JournalHeader header =
            new JournalHeader(
                "bench", "2026-01-01T00:00:00Z", SpecReader.defaultSpec(), Provenance.of(Map.of()));
        long start = System.nanoTime();
        try (JournalWriter writer = JournalWriter.create(JournalFile.of(folder), header, durable)) {
          for (CandidateEntry entry : entries) {
            writer.candidate(entry);
          }
        }
        double ms = (System.nanoTime() - start) / 1e6 / lines;
        long bytes = Files.size(JournalFile.of(folder));
        System.out.printf(
            "round %d  %-12s %,d lines, %,d bytes: %.3f ms per line%n",
            round, durable ? "force" : "no force", lines, bytes, ms);
        Files.delete(JournalFile.of(folder));
        Files.delete(folder);
      }
    }
  }

  private static List<CandidateEntry> entries(int count) {
    SearchSpace space = SearchSpace.of(SpecReader.defaultSpec());
    Random random = new Random(1);
    List<CandidateEntry> out = new ArrayList<>();
    while (out.size() < count) {
      int[] genotype = space.randomGenotype(random);
      Architecture arch = space.decode(genotype);
      Analysis analysis = Analysis.of(arch);
      if (!analysis.valid()) {
        continue;
      }
      List<EpochScore> curve = new ArrayList<>();
      for (int e = 1; e <= 3; e++) {
        curve.add(new EpochScore(e, 0.8 + e / 100.0, 0.5, 0.6, 10.0 * e));
      }
      EvaluationResult result =
          new EvaluationResult(
              Status.OK,
              curve,
              OptionalInt.of(3),
              3,
              "max-epochs",
              31.5,
              980.0,
              analysis.params(),
              analysis.macs(),
              "cpu onednn 2 threads",
              Optional.empty());
      out.add(
          new CandidateEntry(
              0,
              out.size() / 16,
              Arrays.stream(genotype).boxed().toList(),
              CanonicalKey.of(arch),
              arch,
              out.size(),
              result));
    }
    return out;
  }
}
