package io.nas4j.space.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nas4j.space.SearchSpace;
import io.nas4j.space.arch.ActivationFn;
import io.nas4j.space.arch.Optimizer;
import io.nas4j.space.arch.Shape;
import io.nas4j.space.files.BoundedFiles;
import io.nas4j.space.json.Json;
import io.nas4j.space.json.Node;
import io.nas4j.space.json.RecipeJson;
import io.nas4j.space.recipe.TrainingRecipe;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Reads search specs from YAML or JSON (one schema). Every key is checked: unknown keys, wrong
 * types and out-of-range values fail with the key path, the rule and the value. Keys left out take
 * the defaults documented in the README; a gene left out has one fixed choice.
 */
public final class SpecReader {

  /** Name of the built-in default spec, usable wherever a spec path is expected. */
  public static final String DEFAULT_SPEC = "fashion-mnist";

  private static final String DEFAULT_RESOURCE = "/io/nas4j/space/fashion-mnist.yaml";

  /** A spec is a few kilobytes; this bounds what {@link #read} loads. */
  static final int MAX_SPEC_BYTES = 1 << 20;

  private SpecReader() {}

  /** The spec shipped with nas4j: Fashion-MNIST from Debian's {@code dataset-fashion-mnist}. */
  public static SearchSpec defaultSpec() {
    try {
      return parse(defaultSpecText(), "built-in " + DEFAULT_SPEC + ".yaml", null);
    } catch (SpecException e) {
      throw new IllegalStateException("the built-in spec is broken: " + e.getMessage(), e);
    }
  }

  /** The YAML text of the built-in default spec, for users to copy and edit. */
  public static String defaultSpecText() {
    try (InputStream in = SpecReader.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + DEFAULT_RESOURCE);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads a spec file ({@code .json} as JSON, anything else as YAML). The name {@value
   * #DEFAULT_SPEC} means the built-in spec when no such file exists.
   */
  public static SearchSpec read(Path file) throws SpecException {
    if (file.toString().equals(DEFAULT_SPEC) && !Files.exists(file)) {
      return defaultSpec();
    }
    byte[] bytes;
    try {
      bytes = BoundedFiles.read(file, MAX_SPEC_BYTES);
    } catch (NoSuchFileException e) {
      throw new SpecException("spec file %s: not found".formatted(file));
    } catch (BoundedFiles.TooLargeException e) {
      throw new SpecException(
          "spec file %s: too large for a spec (more than %,d bytes)"
              .formatted(file, MAX_SPEC_BYTES));
    } catch (IOException e) {
      throw new SpecException(
          "spec file %s: cannot be read (%s)".formatted(file, e.getMessage()), e);
    }
    Path folder = file.toAbsolutePath().getParent();
    return parse(text(bytes, file), "spec file " + file, folder);
  }

  /** The bytes as UTF-8 text; other encodings and binary files are errors naming the byte. */
  private static String text(byte[] bytes, Path file) throws SpecException {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    int bad = result.isError() ? in.position() : indexOfNul(bytes);
    if (bad >= 0) {
      int line = 1;
      for (int i = 0; i < bad; i++) {
        line += bytes[i] == '\n' ? 1 : 0;
      }
      throw new SpecException(
          "spec file %s: not a text file in UTF-8 (byte 0x%02x on line %d)"
              .formatted(file, bytes[bad] & 0xff, line));
    }
    String text = out.flip().toString();
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  private static int indexOfNul(byte[] bytes) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == 0) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Parses spec text. JSON is detected by a leading <code>{</code>; otherwise the text is read as
   * YAML. A relative dataset path is resolved against {@code folder} unless it is null.
   *
   * @param source names the text in messages, e.g. {@code spec file my.yaml}
   */
  public static SearchSpec parse(String text, String source, Path folder) throws SpecException {
    ObjectMapper mapper = text.stripLeading().startsWith("{") ? Json.mapper() : Json.yaml();
    JsonNode tree;
    try {
      tree = Json.readTree(mapper, text);
    } catch (JsonProcessingException e) {
      String where =
          e.getLocation() == null ? "" : " at line %d".formatted(e.getLocation().getLineNr());
      throw new SpecException(
          "%s: not valid %s%s: %s"
              .formatted(
                  source,
                  mapper == Json.mapper() ? "JSON" : "YAML",
                  where,
                  oneLine(e.getOriginalMessage())),
          e);
    }
    try {
      return spec(Node.root(tree, "spec"), folder);
    } catch (IllegalArgumentException e) {
      throw new SpecException(source + ": " + e.getMessage(), e);
    }
  }

  private static SearchSpec spec(Node root, Path folder) {
    root.allowOnly(
        "dataset",
        "input",
        "classes",
        "blocks",
        "head",
        "training",
        "budget",
        "search",
        "constraints",
        "seed",
        "retrain",
        "rungs");
    DatasetSpec dataset = dataset(root.require("dataset"), folder);
    Shape input = input(root.require("input"));
    int classes = root.require("classes").intValue(2, 100_000);
    TrainingRecipe budget = recipe(root.child("budget"), TrainingRecipe.searchDefaults(), dataset);
    SearchBudget search = SearchSectionReader.search(root.child("search"));
    TrainingRecipe retrain =
        recipe(
            root.child("retrain"),
            TrainingRecipe.retrainDefaults(dataset.horizontalFlip()),
            dataset);
    Rungs rungs = rungs(root.child("rungs"), budget, retrain, dataset);
    if (rungs.any() && search.strategy() == Strategy.EVOLUTION) {
      throw root.child("rungs")
          .error(
              "need search.strategy regularized or random (evolution is generational, one"
                  + " fidelity), but it was evolution");
    }
    SearchSpec spec =
        new SearchSpec(
            dataset,
            input,
            classes,
            BlockSpecReader.blocks(root.require("blocks")),
            head(root.child("head")),
            training(root.child("training")),
            budget,
            search,
            constraints(root.child("constraints")),
            root.optional("seed").map(n -> n.longValue(Long.MIN_VALUE, Long.MAX_VALUE)).orElse(42L),
            retrain,
            rungs);
    if (!search.initial().isEmpty()) {
      try { // each search.initial entry must be a trainable network of the space
        SearchSpace.of(spec).initialGenotypes();
      } catch (IllegalArgumentException e) { // it may quote a notation token from the file
        throw new IllegalArgumentException(Node.printable(e.getMessage()), e);
      }
    }
    return spec;
  }

  /**
   * The rungs above rung 0; each level changes the keys it names of the rung below, or with {@code
   * from: retrain} those of the retrain recipe (on the validation split of the rung below). A
   * promoted candidate that continues its training must be scored on the validation images of rung
   * 0, never on images it trained on, so continuing rungs keep rung 0's validation split.
   */
  private static Rungs rungs(
      Node node, TrainingRecipe budget, TrainingRecipe retrain, DatasetSpec dataset) {
    if (!node.present()) {
      return Rungs.none();
    }
    node.allowOnly("eta", "promotion", "peers", "levels");
    int eta = node.optional("eta").map(n -> n.intValue(2, 10)).orElse(3);
    Rungs.Promotion promotion =
        node.optional("promotion")
            .map(n -> n.enumValue(Rungs.Promotion::fromId))
            .orElse(Rungs.Promotion.CONTINUE);
    Rungs.Peers peers =
        node.optional("peers").map(n -> n.enumValue(Rungs.Peers::fromId)).orElse(Rungs.Peers.ALL);
    List<TrainingRecipe> levels = new ArrayList<>();
    TrainingRecipe below = budget;
    for (Node level : node.require("levels").elements()) {
      Optional<Node> from = level.optional("from");
      TrainingRecipe recipe;
      if (from.isPresent()) {
        if (!from.get().text().equals("retrain")) {
          throw from.get()
              .error("must be retrain (the final training's recipe), but was " + from.get().text());
        }
        recipe = recipe(level.without("from"), retrain.withValSize(below.valSize()), dataset);
      } else {
        recipe = recipe(level, below, dataset);
      }
      if (promotion == Rungs.Promotion.CONTINUE && !recipe.valSize().equals(budget.valSize())) {
        throw level
            .child("valSize")
            .error(
                "must be budget.valSize (%s) while rungs.promotion is continue: a promoted"
                        .formatted(
                            budget.valSize().isPresent() ? budget.valSize().getAsInt() : "10%")
                    + " candidate goes on training and must not be scored on images it trained on"
                    + " (rungs.promotion: restart allows another split)");
      }
      below = recipe;
      levels.add(recipe);
    }
    return new Rungs(eta, levels, promotion, peers);
  }

  /** A training recipe section; flips only where the dataset's labels survive them. */
  private static TrainingRecipe recipe(Node node, TrainingRecipe defaults, DatasetSpec dataset) {
    TrainingRecipe recipe = RecipeJson.fromTree(node, defaults);
    if (recipe.augmentation().flip() && !dataset.horizontalFlip()) {
      throw node.child("augmentation")
          .child("flip")
          .error(
              "must be false: dataset.horizontalFlip does not say that mirrored images keep their"
                  + " label");
    }
    return recipe;
  }

  private static DatasetSpec dataset(Node node, Path folder) {
    node.allowOnly("kind", "path", "horizontalFlip");
    DatasetKind kind = node.require("kind").enumValue(DatasetKind::fromId);
    Node pathNode = node.require("path");
    String path = pathNode.text();
    if (path.isBlank()) {
      throw pathNode.error("must name a folder, but was empty");
    }
    if (folder != null && !Path.of(path).isAbsolute()) {
      path = folder.resolve(path).normalize().toString();
    }
    boolean flip = node.optional("horizontalFlip").map(Node::booleanValue).orElse(false);
    return new DatasetSpec(kind, path, flip);
  }

  private static Shape input(Node node) {
    node.allowOnly("channels", "height", "width");
    return Shape.of(
        node.require("channels").intValue(1, 4),
        node.require("height").intValue(1, 4096),
        node.require("width").intValue(1, 4096));
  }

  private static HeadSpace head(Node node) {
    if (!node.present()) {
      return new HeadSpace(
          List.of(128), List.of(0.0), ActivationFn.RELU, List.of(HeadPooling.FLATTEN));
    }
    node.allowOnly("units", "dropout", "activation", "pooling");
    List<Double> dropout =
        node.optional("dropout").map(n -> n.choices(SpecReader::dropoutRate)).orElse(List.of(0.0));
    return new HeadSpace(
        ints(node, "units", 0, 16_384, List.of(128)),
        dropout,
        node.optional("activation")
            .map(n -> n.enumValue(ActivationFn::fromId))
            .orElse(ActivationFn.RELU),
        enums(node, "pooling", HeadPooling::fromId, List.of(HeadPooling.FLATTEN)));
  }

  private static double dropoutRate(Node node) {
    double rate = node.doubleValue();
    if (!(rate >= 0 && rate < 1)) {
      throw node.error("must be in [0, 1), but was " + rate);
    }
    return rate;
  }

  private static TrainingSpace training(Node node) {
    if (!node.present()) {
      return new TrainingSpace(List.of(1e-3), List.of(128), List.of(Optimizer.ADAM));
    }
    node.allowOnly("learningRate", "batchSize", "optimizer");
    return new TrainingSpace(
        node.optional("learningRate")
            .map(n -> n.choices(e -> e.doubleValue(0, 10)))
            .orElse(List.of(1e-3)),
        ints(node, "batchSize", 1, 8192, List.of(128)),
        enums(node, "optimizer", Optimizer::fromId, List.of(Optimizer.ADAM)));
  }

  private static Constraints constraints(Node node) {
    if (!node.present()) {
      return Constraints.none();
    }
    node.allowOnly("maxMacs", "maxParams");
    return new Constraints(
        node.optional("maxMacs")
            .map(n -> OptionalLong.of(n.longValue(1, Long.MAX_VALUE)))
            .orElse(OptionalLong.empty()),
        node.optional("maxParams")
            .map(n -> OptionalLong.of(n.longValue(1, Long.MAX_VALUE)))
            .orElse(OptionalLong.empty()));
  }

  static int integer(Node node, String key, int min, int max, int fallback) {
    return node.optional(key).map(n -> n.intValue(min, max)).orElse(fallback);
  }

  static List<Integer> ints(Node node, String key, int min, int max, List<Integer> fallback) {
    return node.optional(key).map(n -> n.choices(e -> e.intValue(min, max))).orElse(fallback);
  }

  static List<Boolean> booleans(Node node, String key, List<Boolean> fallback) {
    return node.optional(key).map(n -> n.choices(Node::booleanValue)).orElse(fallback);
  }

  static <E> List<E> enums(Node node, String key, Function<String, E> fromId, List<E> fallback) {
    return node.optional(key).map(n -> n.choices(e -> e.enumValue(fromId))).orElse(fallback);
  }

  private static String oneLine(String message) {
    return message == null ? "" : message.replaceAll("\\s+", " ").trim();
  }
}
