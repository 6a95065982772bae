package io.nas4j.space.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.nas4j.space.SearchSpace;
import io.nas4j.space.files.BoundedFiles;
import io.nas4j.space.json.Json;
import io.nas4j.space.json.Node;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads a run folder's {@code journal.jsonl}. */
public final class JournalFile {

  public static final String NAME = "journal.jsonl";

  /**
   * The largest journal read: about 100,000 candidates at about 2 KB a line, far beyond any
   * search's (reading holds it about three times: bytes, text, lines).
   */
  public static final int MAX_BYTES = 256 << 20;

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
              new String(BoundedFiles.read(file, MAX_BYTES), StandardCharsets.UTF_8)
                  .lines()
                  .toList());
    } catch (NoSuchFileException e) {
      throw new JournalException(file + ": no such journal (is this a run folder?)");
    } catch (BoundedFiles.TooLargeException e) {
      throw new JournalException(
          "%s: too large for a journal (more than %,d bytes)".formatted(file, MAX_BYTES));
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
    SearchSpace space = null;
    Set<String> keys = new HashSet<>();
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
            space = SearchSpace.of(header.spec());
          }
          case "candidate" -> {
            CandidateEntry candidate = checked(JournalCodec.readCandidate(node), node, space);
            candidates.add(candidate);
            keys.add(candidate.key());
          }
          case "rung" -> rungs.add(checked(JournalCodec.readRung(node), node, header, keys));
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

  /** A candidate line whose genotype is one of the run's space (resume and reports decode it). */
  private static CandidateEntry checked(CandidateEntry entry, Node node, SearchSpace space) {
    try {
      space.checkGenotype(entry.genotype().stream().mapToInt(Integer::intValue).toArray());
    } catch (IllegalArgumentException e) {
      throw node.child("genotype").error("does not fit the run's spec: " + e.getMessage());
    }
    return entry;
  }

  /** A rung line of a rung the spec has, about a candidate of an earlier line. */
  private static RungEntry checked(
      RungEntry entry, Node node, JournalHeader header, Set<String> keys) {
    int levels = header.spec().rungs().levels().size();
    if (levels == 0) {
      throw node.child("type").error("'rung' needs rungs.levels in the run's spec, which has none");
    }
    if (entry.rung() > levels) {
      throw node.child("rung")
          .error(
              "must be at most %d (the run's spec has %d rungs.levels), but was %d"
                  .formatted(levels, levels, entry.rung()));
    }
    if (!keys.contains(entry.key())) {
      throw node.child("key").error("names no candidate of an earlier line: " + entry.key());
    }
    return entry;
  }
}
