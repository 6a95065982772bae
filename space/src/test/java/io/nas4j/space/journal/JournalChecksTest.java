package io.nas4j.space.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nas4j.space.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lines that are valid JSON but do not fit the run are refused when the journal is read, naming the
 * line: resume decodes every genotype and trains promotions named by a rung line's key, and files
 * are named after keys, so reading is where these are caught.
 */
class JournalChecksTest {

  @TempDir Path dir;

  /** The valid journal's line 2 (its first candidate, trained), edited. */
  private String withFirstCandidate(Consumer<ObjectNode> edit) throws Exception {
    List<String> lines = new ArrayList<>(JournalFuzzTest.validJournal().lines().toList());
    ObjectNode node = (ObjectNode) Json.mapper().readTree(lines.get(1));
    edit.accept(node);
    lines.set(1, Json.mapper().writeValueAsString(node));
    return String.join("\n", lines) + "\n";
  }

  /** The valid journal plus a rung line after its candidates, before its end line. */
  private String withRungLine(String key, int rung) throws Exception {
    List<String> lines = new ArrayList<>(JournalFuzzTest.validJournal().lines().toList());
    return withRungLine(lines, lines.size() - 1, key, rung);
  }

  /** {@code lines} with a rung line inserted at {@code index}. */
  private String withRungLine(List<String> lines, int index, String key, int rung)
      throws Exception {
    CandidateEntry first = read(String.join("\n", lines)).candidates().get(0);
    lines.add(index, JournalCodec.rung(new RungEntry(key, rung, 7, true, first.result())));
    return String.join("\n", lines) + "\n";
  }

  private Journal read(String content) throws Exception {
    Path file = dir.resolve(JournalFile.NAME);
    Files.writeString(file, content);
    return JournalFile.read(file);
  }

  private String refusal(String content) {
    return assertThrows(JournalException.class, () -> read(content))
        .getMessage()
        .replace(dir.resolve(JournalFile.NAME).toString(), "J");
  }

  @Test
  void aGenotypeMustBeOneOfTheRunsSpace() throws Exception {
    assertEquals(
        "J line 2: genotype does not fit the run's spec: genotype must have 54 genes, but had 53",
        refusal(
            withFirstCandidate(
                n -> {
                  ArrayNode genes = (ArrayNode) n.get("genotype");
                  genes.remove(genes.size() - 1);
                })));
    assertEquals(
        "J line 2: genotype does not fit the run's spec: gene blocks must be in [0, 4), but"
            + " was 9",
        refusal(withFirstCandidate(n -> ((ArrayNode) n.get("genotype")).set(0, 9))));
  }

  @Test
  void aKeyIsASafeName() throws Exception {
    assertEquals(
        "J line 2: key must be 1 to 128 ASCII letters, digits, '-', '_' or '.', not starting with"
            + " '.', but was '../../x'",
        refusal(withFirstCandidate(n -> n.put("key", "../../x"))));
    assertEquals(
        "J line 10: key must be 1 to 128 ASCII letters, digits, '-', '_' or '.', not starting with"
            + " '.', but was '/tmp/x'",
        refusal(withRungLine("/tmp/x", 1)));
  }

  @Test
  void aRungLineIsAboutACandidateAtARungTheSpecHas() throws Exception {
    String key = read(JournalFuzzTest.validJournal()).candidates().get(0).key();
    assertEquals(1, read(withRungLine(key, 2)).rungs().size());
    assertEquals(
        "J line 10: rung must be at most 2 (the run's spec has 2 rungs.levels), but was 3",
        refusal(withRungLine(key, 3)));
    assertEquals(
        "J line 10: key names no candidate of an earlier line: 0123456789abcdef",
        refusal(withRungLine("0123456789abcdef", 1)));
    // The first candidate's key, but on the line before it: a promotion follows its rung-0 line.
    List<String> lines = new ArrayList<>(JournalFuzzTest.validJournal().lines().toList());
    assertEquals(
        "J line 2: key names no candidate of an earlier line: " + key,
        refusal(withRungLine(lines, 1, key, 1)));
  }

  @Test
  void aSingleFidelityRunHasNoRungLines() throws Exception {
    List<String> lines = new ArrayList<>(JournalFuzzTest.validJournal().lines().toList());
    ObjectNode header = (ObjectNode) Json.mapper().readTree(lines.get(0));
    ((ObjectNode) header.get("spec")).remove("rungs");
    lines.set(0, Json.mapper().writeValueAsString(header));
    String key = read(String.join("\n", lines)).candidates().get(0).key();
    assertEquals(
        "J line 10: type 'rung' needs rungs.levels in the run's spec, which has none",
        refusal(withRungLine(lines, lines.size() - 1, key, 1)));
  }

  @Test
  void aJournalIsAFile() throws Exception {
    Path run = Files.createDirectories(dir.resolve("run").resolve(JournalFile.NAME));
    JournalException e =
        assertThrows(JournalException.class, () -> JournalFile.read(run.getParent()));
    assertEquals(run + ": cannot be read (Is a directory)", e.getMessage());
  }
}
