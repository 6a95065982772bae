package io.nas4j.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nas4j.space.journal.CandidateEntry;
import io.nas4j.space.journal.Journal;
import io.nas4j.space.journal.JournalFile;
import io.nas4j.space.json.Json;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PageDataTest {

  @TempDir Path dir;

  @Test
  void everyCandidateWithItsLayersCurvesAndGenes() throws Exception {
    try (InputStream in = PageDataTest.class.getResourceAsStream("/sample-run/journal.jsonl")) {
      Files.write(dir.resolve("journal.jsonl"), in.readAllBytes());
    }
    Journal journal = JournalFile.read(dir);
    RunReport report = RunReport.of(journal);
    String text = PageData.json(report);
    assertFalse(text.contains("</"), "safe inside a script element");
    JsonNode root = Json.mapper().readTree(text);
    assertEquals(journal.latest().size(), root.get("candidates").size());
    int axes = root.get("genes").size();
    assertTrue(axes >= 2 && axes <= PageData.GENE_AXES, "gene axes: " + axes);
    JsonNode first = null;
    for (JsonNode c : root.get("candidates")) {
      if (c.has("rank") && c.get("rank").asInt() == 1) {
        first = c;
      }
      if (c.get("status").asText().equals("invalid")) {
        assertTrue(c.has("reason") && !c.has("acc") && !c.has("genes"), c.toString());
      }
    }
    CandidateEntry best = report.ranking().get(0).candidate();
    assertEquals(best.key(), first.get("key").asText());
    assertEquals(String.valueOf(best.seed()), first.get("seed").asText(), "64-bit seed as text");
    assertEquals(best.result().bestValAccuracy(), first.get("acc").asDouble());
    assertEquals(best.result().curve().size(), first.get("curves").get(0).size());
    assertEquals(best.architecture().layers().size(), first.get("layers").size());
    assertEquals(best.result().params(), sum(first.get("layers"), 2), "layer params add up");
    assertEquals(axes, first.get("genes").size());
  }

  private static long sum(JsonNode layers, int column) {
    long total = 0;
    for (JsonNode l : layers) {
      total += l.get(column).asLong();
    }
    return total;
  }
}
