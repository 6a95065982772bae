package io.nas4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nas4j.space.journal.CandidateEntry;
import io.nas4j.space.journal.JournalFile;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spark in local mode ({@code --master local[2]}): the same search through Spark tasks and through
 * the local pool gives the same candidates with the same curves, since a task trains exactly as the
 * local engine does (same split, trainer, seed and ND4J threads).
 */
class SparkLocalIT {

  @TempDir Path dir;

  @Test
  void sparkTasksGiveTheLocalEnginesResults() throws Exception {
    Path spec = dir.resolve("spec.yaml");
    Files.writeString(spec, SparkClusterIT.spec("/usr/share/datasets/fashion-mnist", 4));
    Path runs = dir.resolve("runs");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int local =
        SparkClusterIT.nas(
            out,
            err,
            "search",
            spec.toString(),
            "--parallel",
            "2",
            "--runs",
            runs.toString(),
            "--run-id",
            "local");
    assertEquals(0, local, out + "\n" + err);
    int spark =
        SparkClusterIT.nas(
            out,
            err,
            "search",
            spec.toString(),
            "--engine",
            "spark",
            "--master",
            "local[2]",
            "--runs",
            runs.toString(),
            "--run-id",
            "spark");
    assertEquals(0, spark, out + "\n" + err);

    Map<String, CandidateEntry> byLocal =
        byKey(JournalFile.read(runs.resolve("local")).candidates());
    List<CandidateEntry> sparkCandidates = JournalFile.read(runs.resolve("spark")).candidates();
    assertEquals(4, sparkCandidates.size());
    assertEquals(byLocal.keySet(), byKey(sparkCandidates).keySet());
    for (CandidateEntry s : sparkCandidates) {
      CandidateEntry l = byLocal.get(s.key());
      assertEquals(l.result().curve().size(), s.result().curve().size(), s.key());
      for (int e = 0; e < l.result().curve().size(); e++) {
        assertEquals(
            l.result().curve().get(e).valAccuracy(),
            s.result().curve().get(e).valAccuracy(),
            s.key() + " epoch " + (e + 1));
      }
      assertTrue(
          s.result().environment().contains("spark executor driver"), s.result().environment());
    }
  }

  private static Map<String, CandidateEntry> byKey(List<CandidateEntry> candidates) {
    return candidates.stream().collect(Collectors.toMap(CandidateEntry::key, Function.identity()));
  }
}
