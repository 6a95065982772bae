package io.nas4j.space.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nas4j.space.Provenance;
import io.nas4j.space.files.SafeNames;
import io.nas4j.space.json.ArchitectureJson;
import io.nas4j.space.json.Json;
import io.nas4j.space.json.Node;
import io.nas4j.space.json.ResultJson;
import io.nas4j.space.spec.SearchSpec;
import io.nas4j.space.spec.SpecException;
import io.nas4j.space.spec.SpecReader;
import io.nas4j.space.spec.SpecWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts journal entries to and from single JSON lines (schema version {@value #SCHEMA_VERSION}).
 */
public final class JournalCodec {

  public static final int SCHEMA_VERSION = 1;

  private JournalCodec() {}

  public static String header(JournalHeader header) {
    ObjectNode node = Json.mapper().createObjectNode();
    node.put("type", "header");
    node.put("schemaVersion", SCHEMA_VERSION);
    node.put("runId", header.runId());
    node.put("created", header.created());
    node.put("seed", header.spec().seed());
    node.set("spec", SpecWriter.toTree(header.spec()));
    ObjectNode provenance = node.putObject("provenance");
    header.provenance().toMap().forEach(provenance::put);
    return line(node);
  }

  public static String candidate(CandidateEntry entry) {
    ObjectNode node = Json.mapper().createObjectNode();
    node.put("type", "candidate");
    node.put("index", entry.index());
    node.put("generation", entry.generation());
    ArrayNode genotype = node.putArray("genotype");
    entry.genotype().forEach(genotype::add);
    node.put("key", entry.key());
    node.put("notation", entry.architecture().notation());
    node.set("architecture", ArchitectureJson.toTree(entry.architecture()));
    node.put("seed", entry.seed());
    node.set("result", ResultJson.toTree(entry.result()));
    return line(node);
  }

  public static String rung(RungEntry entry) {
    ObjectNode node = Json.mapper().createObjectNode();
    node.put("type", "rung");
    node.put("key", entry.key());
    node.put("rung", entry.rung());
    node.put("seed", entry.seed());
    node.put("continued", entry.continued());
    node.set("result", ResultJson.toTree(entry.result()));
    return line(node);
  }

  static RungEntry readRung(Node node) {
    node.allowOnly("type", "key", "rung", "seed", "continued", "result");
    String key = key(node);
    return node.build(
        () ->
            new RungEntry(
                key,
                node.require("rung").intValue(1, 100),
                node.require("seed").longValue(Long.MIN_VALUE, Long.MAX_VALUE),
                node.optional("continued").map(Node::booleanValue).orElse(false),
                ResultJson.fromTree(node.require("result").json(), "result")));
  }

  public static String generation(GenerationEntry entry) {
    ObjectNode node = Json.mapper().createObjectNode();
    node.put("type", "generation");
    node.put("generation", entry.generation());
    node.put("candidates", entry.candidates());
    node.put("trained", entry.trained());
    node.put("duplicates", entry.duplicates());
    node.put("invalid", entry.invalid());
    node.put("pruned", entry.pruned());
    node.put("bestValAccuracy", entry.bestValAccuracy());
    node.put("bestKey", entry.bestKey());
    node.put("seconds", entry.seconds());
    return line(node);
  }

  public static String end(String reason, double seconds) {
    ObjectNode node = Json.mapper().createObjectNode();
    node.put("type", "end");
    node.put("reason", reason);
    node.put("seconds", seconds);
    return line(node);
  }

  /** The {@code type} of a parsed line. */
  static String type(Node node) {
    return node.require("type").text();
  }

  static JournalHeader readHeader(Node node) {
    node.allowOnly("type", "schemaVersion", "runId", "created", "seed", "spec", "provenance");
    int version = node.require("schemaVersion").intValue(1, Integer.MAX_VALUE);
    if (version > SCHEMA_VERSION) {
      throw node.child("schemaVersion")
          .error(
              "must be <= %d (this nas4j's journal schema), but was %d"
                  .formatted(SCHEMA_VERSION, version));
    }
    SearchSpec spec;
    try {
      JsonNode tree = node.require("spec").json().deepCopy();
      if (tree.path("rungs") instanceof ObjectNode rungs && !rungs.has("promotion")) {
        rungs.put("promotion", "restart"); // journals before rungs.promotion: they restarted
      }
      spec = SpecReader.parse(line(tree), "the header's spec", null);
    } catch (SpecException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    Map<String, String> provenance = new LinkedHashMap<>();
    node.optional("provenance")
        .ifPresent(
            p ->
                p.json()
                    .fields()
                    .forEachRemaining(f -> provenance.put(f.getKey(), f.getValue().asText())));
    return new JournalHeader(
        node.require("runId").text(),
        node.require("created").text(),
        spec,
        Provenance.of(provenance));
  }

  static CandidateEntry readCandidate(Node node) {
    node.allowOnly(
        "type",
        "index",
        "generation",
        "genotype",
        "key",
        "notation",
        "architecture",
        "seed",
        "result");
    List<Integer> genotype = new ArrayList<>();
    for (Node gene : node.require("genotype").elements()) {
      genotype.add(gene.intValue(0, Integer.MAX_VALUE));
    }
    return new CandidateEntry(
        node.require("index").intValue(0, Integer.MAX_VALUE),
        node.require("generation").intValue(0, Integer.MAX_VALUE),
        genotype,
        key(node),
        node.require("architecture")
            .build(() -> ArchitectureJson.fromTree(node.child("architecture").json())),
        node.require("seed").longValue(Long.MIN_VALUE, Long.MAX_VALUE),
        node.require("result")
            .build(() -> ResultJson.fromTree(node.child("result").json(), "result")));
  }

  /**
   * A line's candidate key: a {@link SafeNames safe name}, since the search's saved states and the
   * trainings of a candidate are written to files and folders named after it.
   */
  private static String key(Node node) {
    String key = node.require("key").text();
    if (!SafeNames.isSafe(key)) {
      throw node.child("key").error(SafeNames.RULE + ", but was " + SafeNames.quote(key));
    }
    return key;
  }

  static GenerationEntry readGeneration(Node node) {
    node.allowOnly(
        "type",
        "generation",
        "candidates",
        "trained",
        "duplicates",
        "invalid",
        "pruned",
        "bestValAccuracy",
        "bestKey",
        "seconds");
    return new GenerationEntry(
        node.require("generation").intValue(0, Integer.MAX_VALUE),
        node.require("candidates").intValue(0, Integer.MAX_VALUE),
        node.require("trained").intValue(0, Integer.MAX_VALUE),
        node.require("duplicates").intValue(0, Integer.MAX_VALUE),
        node.require("invalid").intValue(0, Integer.MAX_VALUE),
        node.require("pruned").intValue(0, Integer.MAX_VALUE),
        node.require("bestValAccuracy").doubleValue(),
        node.require("bestKey").text(),
        node.require("seconds").doubleValue());
  }

  static String line(JsonNode node) {
    try {
      return Json.mapper().writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
