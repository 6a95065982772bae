package io.nas4j.space.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nas4j.space.arch.ActivationFn;
import io.nas4j.space.arch.Architecture;
import io.nas4j.space.arch.Layer;
import io.nas4j.space.arch.Optimizer;
import io.nas4j.space.arch.Padding;
import io.nas4j.space.arch.PoolKind;
import io.nas4j.space.arch.Shape;
import io.nas4j.space.arch.Training;
import io.nas4j.space.files.BoundedFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * nas4j's own architecture JSON (never DL4J's class-name JSON). Schema version {@value
 * #SCHEMA_VERSION}:
 *
 * <pre>{@code
 * {"schemaVersion":1,
 *  "input":{"channels":1,"height":28,"width":28},
 *  "layers":[{"type":"conv","kernel":3,"filters":32,"stride":1,"padding":"same","bias":true},
 *            {"type":"batchnorm"}, {"type":"activation","function":"relu"},
 *            {"type":"pool","kind":"max","size":2,"stride":2},
 *            {"type":"separableconv", ...same fields as conv...},
 *            {"type":"dense","units":128}, {"type":"dropout","rate":0.5},
 *            {"type":"output","classes":10}],
 *  "training":{"optimizer":"adam","learningRate":0.001,"batchSize":128}}
 * }</pre>
 *
 * Schema version 2 adds {@code {"type":"residual","body":[layers]}}, {@code
 * {"type":"branches","branches":[[layers],[layers],...]}}, {@code
 * {"type":"globalpool","kind":"avg"}} and {@code "padding":"same"} on a pool. An architecture
 * without them is written as version 1, byte for byte as before, so the canonical keys of chains
 * did not change; both versions are read.
 *
 * <p>The field order is fixed, so the compact form is canonical: equal architectures write equal
 * strings. Reading checks every field and names the offending path.
 */
public final class ArchitectureJson {

  /** The largest architecture file read; real ones, graphs included, take a few kilobytes. */
  public static final int MAX_BYTES = 1 << 20;

  /**
   * The newest schema: version 2 added residual and multi-branch blocks, global and padded pools.
   */
  public static final int SCHEMA_VERSION = 2;

  private ArchitectureJson() {}

  public static ObjectNode toTree(Architecture architecture) {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("schemaVersion", version(architecture.layers()));
    ObjectNode input = root.putObject("input");
    input.put("channels", architecture.input().channels());
    input.put("height", architecture.input().height());
    input.put("width", architecture.input().width());
    root.set("layers", layersTree(architecture.layers()));
    ObjectNode training = root.putObject("training");
    training.put("optimizer", architecture.training().optimizer().id());
    training.put("learningRate", architecture.training().learningRate());
    training.put("batchSize", architecture.training().batchSize());
    return root;
  }

  /** The compact, canonical JSON string. */
  public static String write(Architecture architecture) {
    try {
      return Json.mapper().writeValueAsString(toTree(architecture));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Indented JSON for files people read. */
  public static String writePretty(Architecture architecture) {
    try {
      return Json.mapper()
          .writerWithDefaultPrettyPrinter()
          .writeValueAsString(toTree(architecture));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads an architecture JSON string.
   *
   * @throws IllegalArgumentException with the JSON path of the first problem
   */
  public static Architecture read(String json) {
    JsonNode tree;
    try {
      tree = Json.mapper().readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "architecture JSON is not valid JSON: " + Json.problem(e) + Json.where(e), e);
    }
    return fromTree(tree);
  }

  /**
   * Reads an architecture JSON file, e.g. a run's {@code train/1/architecture.json} or the output
   * of {@code nas export --format architecture}.
   *
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException naming the file and the JSON path of the first problem
   */
  public static Architecture read(Path file) throws IOException {
    String json;
    try {
      json =
          StandardCharsets.UTF_8
              .newDecoder()
              .decode(ByteBuffer.wrap(BoundedFiles.read(file, MAX_BYTES)))
              .toString();
    } catch (BoundedFiles.TooLargeException e) {
      throw new IllegalArgumentException(
          "%s: too large for an architecture JSON (more than %,d bytes)"
              .formatted(file, MAX_BYTES));
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(
          file + ": not UTF-8 text, so not an architecture JSON (a model.zip is not one)", e);
    }
    try {
      return read(json);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads an architecture from a JSON tree.
   *
   * @throws IllegalArgumentException with the JSON path of the first problem
   */
  public static Architecture fromTree(JsonNode tree) {
    Node root = Node.root(tree, "architecture");
    root.allowOnly("schemaVersion", "input", "layers", "training");
    int version = root.require("schemaVersion").intValue(1, Integer.MAX_VALUE);
    if (version > SCHEMA_VERSION) {
      throw root.child("schemaVersion")
          .error(
              "must be <= %d (this nas4j's schema), but was %d".formatted(SCHEMA_VERSION, version));
    }
    Node input = root.require("input");
    input.allowOnly("channels", "height", "width");
    Shape shape =
        Shape.of(
            input.require("channels").intValue(1, Integer.MAX_VALUE),
            input.require("height").intValue(1, Integer.MAX_VALUE),
            input.require("width").intValue(1, Integer.MAX_VALUE));
    List<Layer> layers = layers(root.require("layers"));
    Node training = root.require("training");
    training.allowOnly("optimizer", "learningRate", "batchSize");
    Training t =
        training.build(
            () ->
                Training.of(
                    training.require("optimizer").enumValue(Optimizer::fromId),
                    training.require("learningRate").doubleValue(),
                    training.require("batchSize").intValue(1, Integer.MAX_VALUE)));
    return root.build(() -> Architecture.of(shape, layers, t));
  }

  /** 1 for what schema version 1 could say, else 2. */
  private static int version(List<Layer> layers) {
    for (Layer l : layers) {
      if (l instanceof Layer.Residual
          || l instanceof Layer.Branches
          || l instanceof Layer.GlobalPool
          || (l instanceof Layer.Pool p && p.padding() == Padding.SAME)) {
        return 2;
      }
    }
    return 1;
  }

  private static ArrayNode layersTree(List<Layer> layers) {
    ArrayNode array = Json.mapper().createArrayNode();
    for (Layer layer : layers) {
      array.add(layerTree(layer));
    }
    return array;
  }

  private static List<Layer> layers(Node array) {
    List<Layer> layers = new ArrayList<>();
    for (Node layer : array.elements()) {
      layers.add(layer(layer));
    }
    return layers;
  }

  private static ObjectNode layerTree(Layer layer) {
    ObjectNode node = Json.mapper().createObjectNode();
    if (layer instanceof Layer.Convolution c) {
      node.put("type", c instanceof Layer.SeparableConv ? "separableconv" : "conv");
      node.put("kernel", c.kernel());
      node.put("filters", c.filters());
      node.put("stride", c.stride());
      node.put("padding", c.padding().id());
      node.put("bias", c.bias());
    } else if (layer instanceof Layer.BatchNorm) {
      node.put("type", "batchnorm");
    } else if (layer instanceof Layer.Activation a) {
      node.put("type", "activation");
      node.put("function", a.function().id());
    } else if (layer instanceof Layer.Pool p) {
      node.put("type", "pool");
      node.put("kind", p.kind().id());
      node.put("size", p.size());
      node.put("stride", p.stride());
      if (p.padding() == Padding.SAME) {
        node.put("padding", p.padding().id());
      }
    } else if (layer instanceof Layer.GlobalPool g) {
      node.put("type", "globalpool");
      node.put("kind", g.kind().id());
    } else if (layer instanceof Layer.Residual r) {
      node.put("type", "residual");
      node.set("body", layersTree(r.body()));
    } else if (layer instanceof Layer.Branches b) {
      node.put("type", "branches");
      ArrayNode branches = node.putArray("branches");
      b.branches().forEach(branch -> branches.add(layersTree(branch)));
    } else if (layer instanceof Layer.Dense d) {
      node.put("type", "dense");
      node.put("units", d.units());
    } else if (layer instanceof Layer.Dropout d) {
      node.put("type", "dropout");
      node.put("rate", d.rate());
    } else if (layer instanceof Layer.Output o) {
      node.put("type", "output");
      node.put("classes", o.classes());
    } else {
      throw new IllegalStateException("unknown layer " + layer);
    }
    return node;
  }

  private static Layer layer(Node node) {
    String type = node.require("type").text();
    return switch (type) {
      case "conv", "separableconv" -> {
        node.allowOnly("type", "kernel", "filters", "stride", "padding", "bias");
        int kernel = node.require("kernel").intValue(1, Integer.MAX_VALUE);
        int filters = node.require("filters").intValue(1, Integer.MAX_VALUE);
        int stride = node.require("stride").intValue(1, Integer.MAX_VALUE);
        Padding padding = node.require("padding").enumValue(Padding::fromId);
        boolean bias = node.require("bias").booleanValue();
        yield type.equals("conv")
            ? new Layer.Conv(kernel, filters, stride, padding, bias)
            : new Layer.SeparableConv(kernel, filters, stride, padding, bias);
      }
      case "batchnorm" -> {
        node.allowOnly("type");
        yield new Layer.BatchNorm();
      }
      case "activation" -> {
        node.allowOnly("type", "function");
        yield new Layer.Activation(node.require("function").enumValue(ActivationFn::fromId));
      }
      case "pool" -> {
        node.allowOnly("type", "kind", "size", "stride", "padding");
        PoolKind kind = node.require("kind").enumValue(PoolKind::fromId);
        int size = node.require("size").intValue(1, Integer.MAX_VALUE);
        int stride = node.require("stride").intValue(1, Integer.MAX_VALUE);
        Padding padding =
            node.optional("padding").map(n -> n.enumValue(Padding::fromId)).orElse(Padding.VALID);
        yield new Layer.Pool(kind, size, stride, padding);
      }
      case "globalpool" -> {
        node.allowOnly("type", "kind");
        yield new Layer.GlobalPool(node.require("kind").enumValue(PoolKind::fromId));
      }
      case "residual" -> {
        node.allowOnly("type", "body");
        List<Layer> body = layers(node.require("body"));
        yield node.build(() -> new Layer.Residual(body));
      }
      case "branches" -> {
        node.allowOnly("type", "branches");
        List<List<Layer>> branches = new ArrayList<>();
        for (Node branch : node.require("branches").elements()) {
          branches.add(layers(branch));
        }
        yield node.build(() -> new Layer.Branches(branches));
      }
      case "dense" -> {
        node.allowOnly("type", "units");
        yield new Layer.Dense(node.require("units").intValue(1, Integer.MAX_VALUE));
      }
      case "dropout" -> {
        node.allowOnly("type", "rate");
        double rate = node.require("rate").doubleValue();
        yield node.child("rate").build(() -> new Layer.Dropout(rate));
      }
      case "output" -> {
        node.allowOnly("type", "classes");
        yield new Layer.Output(node.require("classes").intValue(2, Integer.MAX_VALUE));
      }
      default ->
          throw node.child("type")
              .error(
                  "must be one of [conv, separableconv, batchnorm, activation, pool, globalpool,"
                      + " residual, branches, dense, dropout, output], but was '"
                      + type
                      + "'");
    };
  }
}
