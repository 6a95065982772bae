package io.nas4j.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nas4j.space.journal.JournalFile;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComparisonTest {

  @Test
  void putsRunsSideBySideWithTheDifferenceToTheFirst(@TempDir Path dir) throws Exception {
    try (InputStream in = ComparisonTest.class.getResourceAsStream("/sample-run/journal.jsonl")) {
      Files.write(dir.resolve("journal.jsonl"), in.readAllBytes());
    }
    RunReport run = RunReport.of(JournalFile.read(dir));
    String markdown = Comparison.markdown(List.of(run, run));
    assertEquals(2, markdown.lines().filter(l -> l.startsWith("| default-12 |")).count());
    assertTrue(markdown.contains("| 0.8220 | +0.0000 |"), markdown);
    String html = Comparison.html(List.of(run, run));
    assertTrue(html.contains("<svg id=\"compare\""), html);
    assertEquals(2, html.split("class=\"run\"", -1).length - 1, "one best-so-far line per run");
    assertTrue(html.contains("<td>sc7x64s2nb relu | sc7x64nb relu | avg2 drop0.25 | out10</td>"));
  }
}
