package io.nas4j.space.training;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nas4j.space.Provenance;
import io.nas4j.space.arch.Analysis;
import io.nas4j.space.json.ArchitectureJson;
import io.nas4j.space.json.Json;
import io.nas4j.space.json.Node;
import io.nas4j.space.json.RecipeJson;
import io.nas4j.space.json.ResultJson;
import io.nas4j.space.recipe.TrainingRecipe;
import io.nas4j.space.result.TestScore;
import io.nas4j.space.spec.DatasetKind;
import io.nas4j.space.spec.DatasetSpec;
import io.nas4j.space.training.TrainingReport.Accuracies;
import io.nas4j.space.training.TrainingReport.Data;
import io.nas4j.space.training.TrainingReport.Ensemble;
import io.nas4j.space.training.TrainingReport.Origin;
import io.nas4j.space.training.TrainingReport.SeedRun;
import io.nas4j.space.training.TrainingReport.Trainee;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * {@code metrics.json}, the JSON form of a {@link TrainingReport} (schema version {@value
 * #SCHEMA_VERSION}). Besides the report's own fields it writes, for people and scripts, what
 * follows from them: {@code model} (the seed in {@code model.zip}), {@code summary} (mean, sd, min
 * and max of the chosen architecture's test accuracies) and, for {@code reproduce}, the difference
 * to the search's validation accuracy; the reader recomputes those rather than trusting them.
 */
public final class TrainingReportCodec {

  public static final int SCHEMA_VERSION = 2;

  private TrainingReportCodec() {}

  /** Pretty-printed JSON with a final newline. */
  public static String write(TrainingReport report) {
    try {
      return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(toTree(report))
          + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static ObjectNode toTree(TrainingReport report) {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("schemaVersion", SCHEMA_VERSION);
    root.put("kind", report.kind().id());
    root.put("created", report.created());
    report.run().ifPresent(r -> root.put("run", r));
    ArrayNode trainees = root.putArray("architectures");
    report.trainees().forEach(t -> trainees.add(trainee(t)));
    root.set("data", data(report.data()));
    root.set("recipe", RecipeJson.toTree(report.recipe()));
    root.put("testTimeAugmentation", report.flipTest() ? "flip" : "none");
    root.put("parallel", report.parallel());
    ArrayNode trainings = root.putArray("trainings");
    for (SeedRun t : report.trainings()) {
      ObjectNode n = trainings.addObject();
      n.put("key", t.key());
      n.put("seed", t.seed());
      n.set("training", ResultJson.toTree(t.training()));
      t.test().ifPresent(s -> n.set("test", score(s)));
      t.flipped().ifPresent(s -> n.set("testFlipAveraged", score(s)));
      t.file().ifPresent(f -> n.put("file", f));
    }
    Optional<SeedRun> model = report.model();
    if (model.isPresent()) {
      SeedRun m = model.get();
      ObjectNode n = root.putObject("model");
      n.put("file", TrainingReport.MODEL);
      n.put("key", m.key());
      n.put("seed", m.seed());
      n.put("chosenBy", "highest validation accuracy among the seeds");
      n.put("valAccuracy", m.training().bestValAccuracy());
      n.put("testAccuracy", m.test().orElseThrow().accuracy());
      m.flipped().ifPresent(f -> n.put("flipAveragedTestAccuracy", f.accuracy()));
      n.put(
          "input",
          "raw pixel values 0..255 as floats, N x C x H x W, through the normaliser in model.zip");
    } else {
      root.putNull("model");
    }
    root.set("summary", summary(report));
    report
        .ensemble()
        .ifPresent(
            e -> {
              ObjectNode n = root.putObject("ensemble");
              n.put("combinedBy", "class probabilities averaged over the models");
              n.put("testAccuracy", e.test().accuracy());
              e.flipped().ifPresent(f -> n.put("flipAveragedTestAccuracy", f.accuracy()));
              e.validationAccuracy().ifPresent(v -> n.put("validationAccuracy", v));
              ArrayNode files = n.putArray("files");
              report.ensembleMembers().forEach(m -> files.add(m.file().orElseThrow()));
              n.set("test", score(e.test()));
              e.flipped().ifPresent(f -> n.set("testFlipAveraged", score(f)));
            });
    root.put("seconds", report.seconds());
    ObjectNode provenance = root.putObject("provenance");
    report.provenance().toMap().forEach(provenance::put);
    return root;
  }

  /** Reads a report file. */
  public static TrainingReport read(Path file) throws IOException {
    return read(Files.readString(file, StandardCharsets.UTF_8), file.toString());
  }

  /**
   * Reads report JSON.
   *
   * @param source names the text in messages
   * @throws IllegalArgumentException naming the source and the key path of the first problem
   */
  public static TrainingReport read(String text, String source) {
    JsonNode tree;
    try {
      tree = Json.mapper().readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          source + ": not valid JSON: " + Json.problem(e) + Json.where(e));
    }
    Node root = Node.root(tree, source);
    try {
      return fromTree(root);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
  }

  private static TrainingReport fromTree(Node root) {
    int version = root.require("schemaVersion").intValue(1, Integer.MAX_VALUE);
    if (version != SCHEMA_VERSION) {
      throw root.child("schemaVersion")
          .error(
              "must be %d (this nas4j's training report schema), but was %d"
                  .formatted(SCHEMA_VERSION, version));
    }
    // "shortlist": the trials of nas train --shortlist, an option of earlier versions (read files
    // keep loading; the trials are not part of the report any more)
    root.allowOnly(
        "schemaVersion",
        "kind",
        "created",
        "run",
        "architectures",
        "data",
        "recipe",
        "testTimeAugmentation",
        "parallel",
        "shortlist",
        "trainings",
        "model",
        "summary",
        "ensemble",
        "seconds",
        "provenance");
    List<Trainee> trainees = new ArrayList<>();
    for (Node n : root.require("architectures").elements()) {
      trainees.add(trainee(n));
    }
    List<SeedRun> trainings = new ArrayList<>();
    for (Node n : root.require("trainings").elements()) {
      n.allowOnly("key", "seed", "training", "test", "testFlipAveraged", "file");
      trainings.add(
          new SeedRun(
              n.require("key").text(),
              n.require("seed").longValue(Long.MIN_VALUE, Long.MAX_VALUE),
              ResultJson.fromTree(n.require("training").json(), n.child("training").path()),
              n.optional("test").map(TrainingReportCodec::score),
              n.optional("testFlipAveraged").map(TrainingReportCodec::score),
              n.optional("file").map(Node::text)));
    }
    Optional<Ensemble> ensemble =
        root.optional("ensemble")
            .map(
                n -> {
                  n.allowOnly(
                      "combinedBy",
                      "testAccuracy",
                      "flipAveragedTestAccuracy",
                      "files",
                      "validationAccuracy",
                      "test",
                      "testFlipAveraged");
                  return new Ensemble(
                      score(n.require("test")),
                      n.optional("testFlipAveraged").map(s -> score(s)),
                      n.optional("validationAccuracy")
                          .map(v -> OptionalDouble.of(v.doubleValue()))
                          .orElse(OptionalDouble.empty()));
                });
    String tta = root.require("testTimeAugmentation").text();
    if (!tta.equals("flip") && !tta.equals("none")) {
      throw root.child("testTimeAugmentation").error("must be flip or none, but was '" + tta + "'");
    }
    Map<String, String> provenance = new LinkedHashMap<>();
    root.require("provenance")
        .json()
        .fields()
        .forEachRemaining(f -> provenance.put(f.getKey(), f.getValue().asText()));
    return new TrainingReport(
        root.require("kind").enumValue(TrainingReport.Kind::fromId),
        root.require("created").text(),
        root.optional("run").map(Node::text),
        trainees,
        data(root.require("data")),
        RecipeJson.fromTree(root.require("recipe"), recipeDefaults()),
        tta.equals("flip"),
        root.require("parallel").intValue(1, Integer.MAX_VALUE),
        trainings,
        ensemble,
        root.require("seconds").doubleValue(),
        Provenance.of(provenance));
  }

  /** Every recipe key is written, so the defaults only fill keys of hand-edited files. */
  private static TrainingRecipe recipeDefaults() {
    return TrainingRecipe.retrainDefaults(false);
  }

  private static ObjectNode trainee(Trainee t) {
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("key", t.key());
    n.put("notation", t.architecture().notation());
    Analysis analysis = Analysis.of(t.architecture());
    n.put("params", analysis.params());
    n.put("macs", analysis.macs());
    t.origin()
        .ifPresent(
            o -> {
              n.put("rank", o.rank());
              n.put("searchSeed", o.searchSeed());
              n.set("searchResult", ResultJson.toTree(o.searchResult()));
            });
    n.set("architecture", ArchitectureJson.toTree(t.architecture()));
    return n;
  }

  private static Trainee trainee(Node n) {
    n.allowOnly(
        "key", "notation", "params", "macs", "rank", "searchSeed", "searchResult", "architecture");
    Optional<Origin> origin =
        n.optional("rank")
            .map(
                rank ->
                    new Origin(
                        rank.intValue(1, Integer.MAX_VALUE),
                        n.require("searchSeed").longValue(Long.MIN_VALUE, Long.MAX_VALUE),
                        ResultJson.fromTree(
                            n.require("searchResult").json(), n.child("searchResult").path())));
    return new Trainee(
        n.require("key").text(),
        n.require("architecture")
            .build(() -> ArchitectureJson.fromTree(n.child("architecture").json())),
        origin);
  }

  private static ObjectNode data(Data d) {
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("kind", d.dataset().kind().id());
    n.put("path", d.dataset().path());
    n.put("horizontalFlip", d.dataset().horizontalFlip());
    n.put("trainImages", d.trainImages());
    n.put("validationImages", d.validationImages());
    n.put("testImages", d.testImages());
    n.put("splitSeed", d.splitSeed());
    return n;
  }

  private static Data data(Node n) {
    n.allowOnly(
        "kind",
        "path",
        "horizontalFlip",
        "trainImages",
        "validationImages",
        "testImages",
        "splitSeed");
    return n.build(
        () ->
            new Data(
                new DatasetSpec(
                    n.require("kind").enumValue(DatasetKind::fromId),
                    n.require("path").text(),
                    n.require("horizontalFlip").booleanValue()),
                n.require("trainImages").intValue(0, Integer.MAX_VALUE),
                n.require("validationImages").intValue(0, Integer.MAX_VALUE),
                n.require("testImages").intValue(0, Integer.MAX_VALUE),
                n.require("splitSeed").longValue(Long.MIN_VALUE, Long.MAX_VALUE)));
  }

  private static ObjectNode summary(TrainingReport report) {
    ObjectNode n = Json.mapper().createObjectNode();
    Accuracies plain = report.accuracies();
    n.put("seedsTrained", plain.n());
    n.put("seedsFailed", report.chosenSeeds().size() - plain.n());
    number(n, "testAccuracyMean", plain.mean());
    number(n, "testAccuracySd", plain.sd());
    number(n, "testAccuracyMin", plain.min());
    number(n, "testAccuracyMax", plain.max());
    if (report.flipTest()) {
      Accuracies flipped = report.flippedAccuracies();
      number(n, "flipAveragedTestAccuracyMean", flipped.mean());
      number(n, "flipAveragedTestAccuracySd", flipped.sd());
      number(n, "flipAveragedTestAccuracyMin", flipped.min());
      number(n, "flipAveragedTestAccuracyMax", flipped.max());
    }
    if (report.kind() == TrainingReport.Kind.REPRODUCE) {
      Optional<Origin> origin = report.chosen().origin();
      Optional<SeedRun> model = report.model();
      if (origin.isPresent() && model.isPresent()) {
        double search = origin.get().searchResult().bestValAccuracy();
        double again = model.get().training().bestValAccuracy();
        n.put("searchValAccuracy", search);
        n.put("reproducedValAccuracy", again);
        n.put("difference", again - search);
      }
    }
    return n;
  }

  private static ObjectNode score(TestScore score) {
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("accuracy", score.accuracy());
    n.put("loss", score.loss());
    n.put("images", score.images());
    ObjectNode perClass = n.putObject("perClassAccuracy");
    double[] accuracy = score.perClassAccuracy();
    for (int c = 0; c < accuracy.length; c++) {
      number(perClass, score.classNames().get(c), accuracy[c]);
    }
    ArrayNode names = n.putArray("classNames");
    score.classNames().forEach(names::add);
    ArrayNode confusion = n.putArray("confusion");
    for (int[] row : score.confusion()) {
      ArrayNode r = confusion.addArray();
      for (int v : row) {
        r.add(v);
      }
    }
    return n;
  }

  private static TestScore score(Node n) {
    n.allowOnly("accuracy", "loss", "images", "perClassAccuracy", "classNames", "confusion");
    List<String> names = new ArrayList<>();
    for (Node name : n.require("classNames").elements()) {
      names.add(name.text());
    }
    List<Node> rows = n.require("confusion").elements();
    int[][] confusion = new int[rows.size()][];
    for (int i = 0; i < rows.size(); i++) {
      List<Node> cells = rows.get(i).elements();
      confusion[i] = new int[cells.size()];
      for (int j = 0; j < cells.size(); j++) {
        confusion[i][j] = cells.get(j).intValue(0, Integer.MAX_VALUE);
      }
    }
    return n.build(
        () ->
            new TestScore(
                n.require("accuracy").doubleValue(),
                n.require("loss").doubleValue(),
                n.require("images").intValue(0, Integer.MAX_VALUE),
                names,
                confusion));
  }

  private static void number(ObjectNode node, String field, double value) {
    if (Double.isFinite(value)) {
      node.put(field, value);
    } else {
      node.putNull(field);
    }
  }
}
