package io.nas4j.space.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nas4j.space.result.EpochScore;
import io.nas4j.space.result.EvaluationResult;
import io.nas4j.space.result.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * The JSON form of an {@link EvaluationResult}, as journals and reports store it:
 *
 * <pre>{@code
 * {"status":"ok","stopReason":"patience","bestEpoch":2,"epochsRun":3,
 *  "curve":[{"epoch":1,"valAccuracy":0.81,"valLoss":0.52,"trainLoss":0.71,"seconds":9.8}, ...],
 *  (with an average of the weights, each epoch also has "trainedValAccuracy")
 *  "seconds":31.2,"imagesPerSecond":812.5,"params":421642,"macs":4241152,
 *  "environment":"cpu (onednn, openblas) 2 threads, ...","error":null}
 * }</pre>
 */
public final class ResultJson {

  private ResultJson() {}

  public static ObjectNode toTree(EvaluationResult result) {
    ObjectNode node = Json.mapper().createObjectNode();
    node.put("status", result.status().id());
    node.put("stopReason", result.stopReason());
    if (result.bestEpoch().isPresent()) {
      node.put("bestEpoch", result.bestEpoch().getAsInt());
    } else {
      node.putNull("bestEpoch");
    }
    node.put("epochsRun", result.epochsRun());
    ArrayNode curve = node.putArray("curve");
    for (EpochScore score : result.curve()) {
      ObjectNode e = curve.addObject();
      e.put("epoch", score.epoch());
      e.put("valAccuracy", score.valAccuracy());
      e.put("valLoss", score.valLoss());
      e.put("trainLoss", score.trainLoss());
      e.put("seconds", score.seconds());
      score.trainedValAccuracy().ifPresent(a -> e.put("trainedValAccuracy", a));
    }
    node.put("seconds", result.seconds());
    node.put("imagesPerSecond", result.imagesPerSecond());
    node.put("params", result.params());
    node.put("macs", result.macs());
    node.put("environment", result.environment());
    if (result.error().isPresent()) {
      node.put("error", result.error().get());
    } else {
      node.putNull("error");
    }
    return node;
  }

  /**
   * Reads a result.
   *
   * @throws IllegalArgumentException naming the path of the first problem
   */
  public static EvaluationResult fromTree(JsonNode tree, String rootName) {
    Node root = Node.root(tree, rootName);
    root.allowOnly(
        "status",
        "stopReason",
        "bestEpoch",
        "epochsRun",
        "curve",
        "seconds",
        "imagesPerSecond",
        "params",
        "macs",
        "environment",
        "error");
    List<EpochScore> curve = new ArrayList<>();
    for (Node e : root.require("curve").elements()) {
      e.allowOnly("epoch", "valAccuracy", "valLoss", "trainLoss", "seconds", "trainedValAccuracy");
      curve.add(
          e.build(
              () ->
                  new EpochScore(
                      e.require("epoch").intValue(1, Integer.MAX_VALUE),
                      e.require("valAccuracy").doubleValue(),
                      e.require("valLoss").doubleValue(),
                      e.require("trainLoss").doubleValue(),
                      e.require("seconds").doubleValue(),
                      e.optional("trainedValAccuracy")
                          .map(n -> OptionalDouble.of(n.doubleValue()))
                          .orElse(OptionalDouble.empty()))));
    }
    OptionalInt bestEpoch =
        root.optional("bestEpoch")
            .map(n -> OptionalInt.of(n.intValue(1, Integer.MAX_VALUE)))
            .orElse(OptionalInt.empty());
    Optional<String> error = root.optional("error").map(Node::text);
    return root.build(
        () ->
            new EvaluationResult(
                root.require("status").enumValue(Status::fromId),
                curve,
                bestEpoch,
                root.require("epochsRun").intValue(0, Integer.MAX_VALUE),
                root.require("stopReason").text(),
                root.require("seconds").doubleValue(),
                root.require("imagesPerSecond").doubleValue(),
                root.require("params").longValue(0, Long.MAX_VALUE),
                root.require("macs").longValue(0, Long.MAX_VALUE),
                root.require("environment").text(),
                error));
  }
}
