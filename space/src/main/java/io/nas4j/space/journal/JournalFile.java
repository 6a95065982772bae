package io.nas4j.space.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.nas4j.space.json.Json;
import io.nas4j.space.json.Node;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads a run folder's {@code journal.jsonl}. */
public final class JournalFile {

  public static final String NAME = "journal.jsonl";

  private JournalFile() {}

  /** The journal of a run folder (or the journal file itself). */
  public static Path of(Path runOrJournal) {
    return Files.isDirectory(runOrJournal) ? runOrJournal.resolve(NAME) : runOrJournal;
  }

  /**
   * Reads a journal. A last line that is not valid JSON (cut off by a crash) is ignored; any other
   * bad line is an error naming its line number.
   */
  public static Journal read(Path runOrJournal) throws JournalException {
    if (!Files.exists(runOrJournal)) {
      throw new JournalException(runOrJournal + ": no such run folder or journal");
    }
    Path file = of(runOrJournal);
    List<String> lines;
    try {
      // Decoded leniently: a torn last line may end inside a multi-byte character.
      lines =
          new ArrayList<>(
              new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList());
    } catch (NoSuchFileException e) {
      throw new JournalException(file + ": no such journal (is this a run folder?)");
    } catch (IOException e) {
      throw new JournalException(file + ": cannot be read (" + e.getMessage() + ")", e);
    }
    while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
      lines.remove(lines.size() - 1);
    }
    if (lines.isEmpty()) {
      throw new JournalException(file + ": empty journal (no header line)");
    }
    JournalHeader header = null;
    List<CandidateEntry> candidates = new ArrayList<>();
    List<RungEntry> rungs = new ArrayList<>();
    List<GenerationEntry> generations = new ArrayList<>();
    Optional<String> end = Optional.empty();
    boolean torn = false;
    for (int i = 0; i < lines.size(); i++) {
      String where = "%s line %d".formatted(file, i + 1);
      JsonNode json;
      try {
        json = Json.mapper().readTree(lines.get(i));
      } catch (JsonProcessingException e) {
        if (i == lines.size() - 1 && i > 0) {
          torn = true;
          break;
        }
        throw new JournalException(where + ": not valid JSON (" + Json.problem(e) + ")", e);
      }
      try {
        Node node = Node.root(json, "line");
        String type = JournalCodec.type(node);
        if (i == 0 && !type.equals("header")) {
          throw node.child("type")
              .error("of the first line must be 'header', but was '" + type + "'");
        }
        switch (type) {
          case "header" -> {
            if (i != 0) {
              throw node.child("type").error("'header' may only be the first line");
            }
            header = JournalCodec.readHeader(node);
          }
          case "candidate" -> candidates.add(JournalCodec.readCandidate(node));
          case "rung" -> rungs.add(JournalCodec.readRung(node));
          case "generation" -> generations.add(JournalCodec.readGeneration(node));
          case "end" -> end = Optional.of(node.require("reason").text());
          default ->
              throw node.child("type")
                  .error(
                      "must be one of [header, candidate, rung, generation, end], but was '"
                          + type
                          + "'");
        }
      } catch (IllegalArgumentException e) {
        throw new JournalException(where + ": " + e.getMessage(), e);
      }
    }
    return new Journal(header, candidates, rungs, generations, end, torn);
  }
}
