package io.nas4j.space.ablation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nas4j.space.CanonicalKey;
import io.nas4j.space.arch.Architecture;
import io.nas4j.space.journal.JournalException;
import io.nas4j.space.json.ArchitectureJson;
import io.nas4j.space.json.Json;
import io.nas4j.space.json.Node;
import io.nas4j.space.json.RecipeJson;
import io.nas4j.space.json.ResultJson;
import io.nas4j.space.recipe.TrainingRecipe;
import io.nas4j.space.result.EvaluationResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The journal of one ablation, {@code RUN/ablations/<id>/journal.jsonl}: a header line with the
 * base architecture, the questions with their variants, the recipe and the seeds, then one line per
 * finished training (architecture key, seed, result). Appended line by line, so a killed ablation
 * loses at most the training in progress; a torn last line is ignored on reading.
 *
 * <pre>{@code
 * {"type":"ablation","schemaVersion":1,"id":"a1","created":"...","baseKey":"...","base":{...},
 *  "recipe":{...},"seeds":[1,2,3],"questions":[{"id":"kernel","title":"...","change":"...",
 *  "notApplicable":null,"invalid":[],"variants":[{"name":"kernel 3","key":"...",
 *  "architecture":{...}}]}]}
 * {"type":"training","key":"...","seed":1,"result":{...}}
 * }</pre>
 */
public final class AblationJournal {

  public static final int SCHEMA_VERSION = 1;

  /** The file name inside an ablation's folder. */
  public static final String NAME = "journal.jsonl";

  /** What an ablation is: the base, its questions, how each architecture trains, which seeds. */
  public record Header(
      String id,
      String created,
      Architecture base,
      TrainingRecipe recipe,
      List<Long> seeds,
      List<Question> questions) {
    public Header {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(created, "created");
      Objects.requireNonNull(base, "base");
      Objects.requireNonNull(recipe, "recipe");
      seeds = List.copyOf(seeds);
      questions = List.copyOf(questions);
    }

    public String baseKey() {
      return CanonicalKey.of(base);
    }

    /** Whether another header describes the same experiment (all but id and creation time). */
    public boolean sameExperiment(Header other) {
      return headerLine(unstamped()).equals(headerLine(other.unstamped()));
    }

    private Header unstamped() {
      return new Header("", "", base, recipe, seeds, questions);
    }
  }

  /** One finished training of an architecture (by key) with one seed. */
  public record Training(String key, long seed, EvaluationResult result) {
    public Training {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(result, "result");
    }
  }

  /** A journal as read: its header and its trainings in order. */
  public record Contents(Header header, List<Training> trainings) {
    public Contents {
      trainings = List.copyOf(trainings);
    }

    /** The training of {@code key} with {@code seed}, if it finished. */
    public Optional<Training> training(String key, long seed) {
      return trainings.stream().filter(t -> t.key().equals(key) && t.seed() == seed).findFirst();
    }
  }

  private AblationJournal() {}

  public static String headerLine(Header h) {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("type", "ablation");
    root.put("schemaVersion", SCHEMA_VERSION);
    root.put("id", h.id());
    root.put("created", h.created());
    root.put("baseKey", h.baseKey());
    root.set("base", ArchitectureJson.toTree(h.base()));
    root.set("recipe", RecipeJson.toTree(h.recipe()));
    ArrayNode seeds = root.putArray("seeds");
    h.seeds().forEach(seeds::add);
    ArrayNode questions = root.putArray("questions");
    for (Question q : h.questions()) {
      ObjectNode n = questions.addObject();
      n.put("id", q.id());
      n.put("title", q.title());
      n.put("change", q.change());
      if (q.notApplicable().isPresent()) {
        n.put("notApplicable", q.notApplicable().get());
      } else {
        n.putNull("notApplicable");
      }
      ArrayNode invalid = n.putArray("invalid");
      q.invalid().forEach(invalid::add);
      ArrayNode variants = n.putArray("variants");
      for (Variant v : q.variants()) {
        ObjectNode vn = variants.addObject();
        vn.put("name", v.name());
        vn.put("key", CanonicalKey.of(v.architecture()));
        vn.set("architecture", ArchitectureJson.toTree(v.architecture()));
      }
    }
    return write(root);
  }

  public static String trainingLine(Training t) {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("type", "training");
    root.put("key", t.key());
    root.put("seed", t.seed());
    root.set("result", ResultJson.toTree(t.result()));
    return write(root);
  }

  /**
   * Reads an ablation journal.
   *
   * @throws JournalException naming the file and line when it cannot be read
   */
  public static Contents read(Path file) throws JournalException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new JournalException(file + ": cannot be read (" + e.getMessage() + ")");
    }
    if (lines.isEmpty()) {
      throw new JournalException(file + ": empty, not an ablation journal");
    }
    Header header;
    try {
      header = header(Json.mapper().readTree(lines.get(0)));
    } catch (JsonProcessingException | RuntimeException e) {
      throw new JournalException(file + " line 1: not an ablation header (" + why(e) + ")");
    }
    List<Training> trainings = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      try {
        JsonNode n = Json.mapper().readTree(lines.get(i));
        trainings.add(
            new Training(
                n.get("key").asText(),
                n.get("seed").asLong(),
                ResultJson.fromTree(n.get("result"), "result")));
      } catch (JsonProcessingException | RuntimeException e) {
        if (i == lines.size() - 1) {
          break; // a torn last line: the training that was being written when the process died
        }
        throw new JournalException(
            file + " line " + (i + 1) + ": not a training line (" + why(e) + ")");
      }
    }
    return new Contents(header, trainings);
  }

  /** Why a line does not read: a NullPointerException is a key it lacks (JsonNode.get is null). */
  private static String why(Exception e) {
    return e instanceof NullPointerException ? "a key is missing" : e.getMessage();
  }

  private static Header header(JsonNode root) {
    if (!"ablation".equals(root.path("type").asText())) {
      throw new IllegalArgumentException("type must be ablation");
    }
    int version = root.path("schemaVersion").asInt();
    if (version != SCHEMA_VERSION) {
      throw new IllegalArgumentException(
          "schemaVersion must be " + SCHEMA_VERSION + ", but was " + version);
    }
    List<Long> seeds = new ArrayList<>();
    root.get("seeds").forEach(s -> seeds.add(s.asLong()));
    List<Question> questions = new ArrayList<>();
    for (JsonNode q : root.get("questions")) {
      List<Variant> variants = new ArrayList<>();
      for (JsonNode v : q.get("variants")) {
        variants.add(
            new Variant(v.get("name").asText(), ArchitectureJson.fromTree(v.get("architecture"))));
      }
      List<String> invalid = new ArrayList<>();
      q.get("invalid").forEach(s -> invalid.add(s.asText()));
      JsonNode na = q.get("notApplicable");
      questions.add(
          new Question(
              q.get("id").asText(),
              q.get("title").asText(),
              q.get("change").asText(),
              variants,
              na == null || na.isNull() ? Optional.empty() : Optional.of(na.asText()),
              invalid));
    }
    return new Header(
        root.get("id").asText(),
        root.get("created").asText(),
        ArchitectureJson.fromTree(root.get("base")),
        RecipeJson.fromTree(
            Node.root(root.get("recipe"), "recipe"), TrainingRecipe.retrainDefaults(false)),
        seeds,
        questions);
  }

  private static String write(ObjectNode root) {
    try {
      return Json.mapper().writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
