package io.nas4j.space.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nas4j.space.InvalidFieldException;
import io.nas4j.space.recipe.Augmentation;
import io.nas4j.space.recipe.RateSchedule;
import io.nas4j.space.recipe.TrainingRecipe;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * The JSON/YAML form of a {@link TrainingRecipe}, as the spec's {@code budget} and {@code retrain}
 * sections, journals and training reports store it. A key left out takes the given defaults' value;
 * the writer makes every value explicit but a zero {@code emaDecay} ({@link #toCompleteTree} writes
 * that too). Sizes and limits that can be absent are written as words:
 *
 * <pre>{@code
 * trainSize: 10000          # or all: every training image not held out
 * valSize: 2000             # or auto: 10% of the training images
 * maxEpochs: 3
 * patience: 1               # or none
 * minDelta: 0.001
 * timeLimitSeconds: 90      # or none
 * learningRateSchedule: cosine   # constant | cosine | plateau
 * plateauFactor: 0.5
 * augmentation: {shift: 0, flip: false, cutout: 0}
 * labelSmoothing: 0
 * weightDecay: 0
 * emaDecay: 0.999          # left out: 0, no average of the weights (written only when not 0)
 * batchSize: 128            # left out or "architecture": the architecture's own
 * learningRate: 0.001       # left out or "architecture": the architecture's own
 * }</pre>
 */
public final class RecipeJson {

  static final String ALL = "all";
  static final String AUTO = "auto";
  static final String NONE = "none";
  static final String ARCHITECTURE = "architecture";

  private RecipeJson() {}

  public static ObjectNode toTree(TrainingRecipe recipe) {
    ObjectNode node = Json.mapper().createObjectNode();
    optional(node, "trainSize", recipe.trainSize(), ALL);
    optional(node, "valSize", recipe.valSize(), AUTO);
    node.put("maxEpochs", recipe.maxEpochs());
    optional(node, "patience", recipe.patience(), NONE);
    node.put("minDelta", recipe.minDelta());
    optional(node, "timeLimitSeconds", recipe.timeLimitSeconds(), NONE);
    node.put("learningRateSchedule", recipe.schedule().id());
    node.put("plateauFactor", recipe.plateauFactor());
    ObjectNode augmentation = node.putObject("augmentation");
    augmentation.put("shift", recipe.augmentation().shift());
    augmentation.put("flip", recipe.augmentation().flip());
    augmentation.put("cutout", recipe.augmentation().cutout());
    node.put("labelSmoothing", recipe.labelSmoothing());
    node.put("weightDecay", recipe.weightDecay());
    if (recipe.emaDecay() > 0) {
      node.put("emaDecay", recipe.emaDecay());
    }
    recipe.batchSize().ifPresent(n -> node.put("batchSize", n));
    recipe.learningRate().ifPresent(r -> node.put("learningRate", r));
    return node;
  }

  /**
   * Reads a recipe; keys left out take {@code defaults}' values. Errors name the key path (e.g.
   * {@code budget.maxEpochs must be in [1, 10000], but was 0}).
   */
  public static TrainingRecipe fromTree(Node node, TrainingRecipe defaults) {
    if (!node.present()) {
      return defaults;
    }
    node.allowOnly(
        "trainSize",
        "valSize",
        "maxEpochs",
        "patience",
        "minDelta",
        "timeLimitSeconds",
        "learningRateSchedule",
        "plateauFactor",
        "augmentation",
        "labelSmoothing",
        "weightDecay",
        "emaDecay",
        "batchSize",
        "learningRate");
    Augmentation a = defaults.augmentation();
    Node augmentation = node.child("augmentation");
    if (augmentation.present()) {
      augmentation.allowOnly("shift", "flip", "cutout");
      a =
          named(
              node,
              () ->
                  Augmentation.of(
                      augmentation
                          .optional("shift")
                          .map(n -> n.intValue(0, Augmentation.MAX_SHIFT))
                          .orElse(defaults.augmentation().shift()),
                      augmentation
                          .optional("flip")
                          .map(Node::booleanValue)
                          .orElse(defaults.augmentation().flip()),
                      augmentation
                          .optional("cutout")
                          .map(n -> n.intValue(0, Augmentation.MAX_CUTOUT))
                          .orElse(defaults.augmentation().cutout())));
    }
    Augmentation images = a;
    return named(
        node,
        () ->
            new TrainingRecipe(
                optional(node, "trainSize", ALL, defaults.trainSize()),
                optional(node, "valSize", AUTO, defaults.valSize()),
                node.optional("maxEpochs")
                    .map(n -> n.intValue(1, TrainingRecipe.MAX_EPOCHS))
                    .orElse(defaults.maxEpochs()),
                optional(node, "patience", NONE, defaults.patience()),
                node.optional("minDelta").map(Node::doubleValue).orElse(defaults.minDelta()),
                optional(node, "timeLimitSeconds", NONE, defaults.timeLimitSeconds()),
                node.optional("learningRateSchedule")
                    .map(n -> n.enumValue(RateSchedule::fromId))
                    .orElse(defaults.schedule()),
                node.optional("plateauFactor")
                    .map(Node::doubleValue)
                    .orElse(defaults.plateauFactor()),
                images,
                node.optional("labelSmoothing")
                    .map(Node::doubleValue)
                    .orElse(defaults.labelSmoothing()),
                node.optional("weightDecay").map(Node::doubleValue).orElse(defaults.weightDecay()),
                node.optional("emaDecay").map(Node::doubleValue).orElse(defaults.emaDecay()),
                node.optional("batchSize")
                    .map(
                        n ->
                            isWord(n, ARCHITECTURE)
                                ? OptionalInt.empty()
                                : OptionalInt.of(n.intValue(1, TrainingRecipe.MAX_BATCH)))
                    .orElse(defaults.batchSize()),
                node.optional("learningRate")
                    .map(
                        n ->
                            isWord(n, ARCHITECTURE)
                                ? OptionalDouble.empty()
                                : OptionalDouble.of(n.doubleValue()))
                    .orElse(defaults.learningRate())));
  }

  /** Runs a constructor; its {@link InvalidFieldException} names the key under {@code node}. */
  private static <T> T named(Node node, java.util.function.Supplier<T> constructor) {
    try {
      return constructor.get();
    } catch (InvalidFieldException e) {
      throw node.child(e.field()).error(e.rule());
    }
  }

  private static void optional(ObjectNode node, String key, OptionalInt value, String word) {
    if (value.isPresent()) {
      node.put(key, value.getAsInt());
    } else {
      node.put(key, word);
    }
  }

  /**
   * The recipe as a tree that names every key, {@code architecture} for a batch size or learning
   * rate it leaves to the architecture: read back on top of any other recipe, it is itself (the
   * spec's rung levels, read on top of the rung below).
   */
  public static ObjectNode toCompleteTree(TrainingRecipe recipe) {
    ObjectNode node = toTree(recipe);
    node.put("emaDecay", recipe.emaDecay());
    if (recipe.batchSize().isEmpty()) {
      node.put("batchSize", ARCHITECTURE);
    }
    if (recipe.learningRate().isEmpty()) {
      node.put("learningRate", ARCHITECTURE);
    }
    return node;
  }

  private static boolean isWord(Node node, String word) {
    return node.json().isTextual() && node.json().asText().equals(word);
  }

  /** A positive integer, or {@code word} for none. */
  private static OptionalInt optional(Node node, String key, String word, OptionalInt fallback) {
    return node.optional(key)
        .map(
            n ->
                n.json().isTextual() && n.json().asText().equals(word)
                    ? OptionalInt.empty()
                    : OptionalInt.of(n.integerOr(word, 1, Integer.MAX_VALUE)))
        .orElse(fallback);
  }
}
