package io.nas4j.space.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A JSON/YAML tree node that knows its key path ({@code blocks.kernel[2]}), so that every error
 * names the path, the rule and the value. All errors are {@link IllegalArgumentException}s whose
 * message starts with the path.
 */
public final class Node {

  private final JsonNode json;
  private final String path;
  private final String rootName;

  private Node(JsonNode json, String path, String rootName) {
    this.json = json;
    this.path = path;
    this.rootName = rootName;
  }

  /**
   * The root of a document. {@code rootName} names it in messages about the root itself (e.g.
   * "spec").
   */
  public static Node root(JsonNode json, String rootName) {
    return new Node(json == null ? MissingNode.getInstance() : json, "", rootName);
  }

  public String path() {
    return path;
  }

  /** The underlying tree. */
  public JsonNode json() {
    return json;
  }

  public boolean present() {
    return !json.isMissingNode() && !json.isNull();
  }

  /** The child at {@code key}; it may be missing. */
  public Node child(String key) {
    return new Node(json.path(key), path.isEmpty() ? key : path + "." + key, rootName);
  }

  public Optional<Node> optional(String key) {
    requireObject();
    Node child = child(key);
    return child.present() ? Optional.of(child) : Optional.empty();
  }

  public Node require(String key) {
    requireObject();
    Node child = child(key);
    if (!child.present()) {
      throw new IllegalArgumentException(printable("missing key " + child.path));
    }
    return child;
  }

  /** This object without {@code key} (same path), e.g. to read the rest with another reader. */
  public Node without(String key) {
    requireObject();
    ObjectNode copy = ((ObjectNode) json).deepCopy();
    copy.remove(key);
    return new Node(copy, path, rootName);
  }

  /** Fails on any key not in {@code allowed}, listing the allowed keys. */
  public void allowOnly(String... allowed) {
    requireObject();
    Set<String> known = new HashSet<>(List.of(allowed));
    for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!known.contains(key)) {
        throw new IllegalArgumentException(
            printable(
                "unknown key %s; allowed keys here: %s"
                    .formatted(child(key).path, String.join(", ", allowed))));
      }
    }
  }

  public List<Node> elements() {
    if (!json.isArray()) {
      throw error("must be a list, but was " + describe());
    }
    List<Node> out = new ArrayList<>();
    for (int i = 0; i < json.size(); i++) {
      out.add(new Node(json.get(i), path + "[" + i + "]", rootName));
    }
    return out;
  }

  /**
   * A list of choices: a list, or a single scalar meaning a one-element list. Empty lists and
   * duplicates are errors.
   */
  public <T> List<T> choices(Function<Node, T> element) {
    List<Node> nodes = json.isArray() ? elements() : List.of(this);
    if (nodes.isEmpty()) {
      throw error("must list at least one choice, but was empty");
    }
    List<T> values = new ArrayList<>();
    for (Node node : nodes) {
      T value = element.apply(node);
      if (values.contains(value)) {
        throw error("must not repeat a choice, but %s appears twice".formatted(value));
      }
      values.add(value);
    }
    return List.copyOf(values);
  }

  public int intValue(int min, int max) {
    return (int) longValue(min, max);
  }

  /** An integer in {@code [min, max]}, or the text {@code word} (checked by the caller). */
  public int integerOr(String word, int min, int max) {
    if (json.isTextual()) {
      throw error("must be an integer or '%s', but was %s".formatted(word, describe()));
    }
    return intValue(min, max);
  }

  /**
   * An integer in {@code [min, max]}. A number written with a fraction or an exponent is accepted
   * when its value is a whole number ({@code 1e3}, {@code 100.0}); every error quotes the number as
   * it was written, never rounded, wrapped or clamped.
   */
  public long longValue(long min, long max) {
    if (!json.isNumber()) {
      throw error("must be an integer, but was " + describe());
    }
    BigDecimal value;
    if (json.isIntegralNumber()) {
      value = new BigDecimal(json.bigIntegerValue());
    } else if (Double.isFinite(json.asDouble())) {
      value = json.decimalValue();
    } else {
      throw error("must be an integer, but was " + describe());
    }
    if (value.signum() != 0 && value.stripTrailingZeros().scale() > 0) {
      throw error("must be an integer, but was " + describe());
    }
    if (value.compareTo(BigDecimal.valueOf(min)) < 0
        || value.compareTo(BigDecimal.valueOf(max)) > 0) {
      boolean below = value.compareTo(BigDecimal.valueOf(min)) < 0;
      throw error(rangeRule(min, max, below) + ", but was " + describe());
    }
    return value.longValueExact();
  }

  private static String rangeRule(long min, long max, boolean below) {
    boolean noMin = min == Long.MIN_VALUE || min == Integer.MIN_VALUE;
    boolean noMax = max == Long.MAX_VALUE || max == Integer.MAX_VALUE;
    if (below && noMax && !noMin) {
      return "must be >= " + min;
    }
    return "must be in [%d, %d]".formatted(min, max);
  }

  /**
   * A number. A string that reads as a number is accepted too, because YAML 1.1 reads {@code 3e-4}
   * (no dot) as a string.
   */
  public double doubleValue() {
    if (json.isNumber()) {
      return json.asDouble();
    }
    if (json.isTextual()) {
      try {
        double value = Double.parseDouble(json.asText().trim());
        if (Double.isFinite(value)) {
          return value;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    throw error("must be a number, but was " + describe());
  }

  /** A number in {@code (minExclusive, maxInclusive]}. */
  public double doubleValue(double minExclusive, double maxInclusive) {
    double value = doubleValue();
    if (!(value > minExclusive && value <= maxInclusive)) {
      String written = json.isTextual() ? json.asText().trim() : describe();
      throw error("must be in (%s, %s], but was %s".formatted(minExclusive, maxInclusive, written));
    }
    return value;
  }

  public boolean booleanValue() {
    if (!json.isBoolean()) {
      throw error("must be true or false, but was " + describe());
    }
    return json.asBoolean();
  }

  public String text() {
    if (!json.isTextual()) {
      throw error("must be a string, but was " + describe());
    }
    return json.asText();
  }

  /** A string turned into an enum constant by {@code fromId}, which throws for unknown ids. */
  public <E> E enumValue(Function<String, E> fromId) {
    String id = text();
    try {
      return fromId.apply(id);
    } catch (IllegalArgumentException e) {
      throw error(e.getMessage());
    }
  }

  /** Runs a constructor; its {@link IllegalArgumentException} gets this node's path. */
  public <T> T build(Supplier<T> constructor) {
    try {
      return constructor.get();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(printable(where() + ": " + e.getMessage()), e);
    }
  }

  /** An error about this node: "{@code <path> <rule>}". */
  public IllegalArgumentException error(String rule) {
    return new IllegalArgumentException(printable(where() + " " + rule));
  }

  /**
   * {@code text} with control characters escaped ({@code \n}, {@code \u001b}), so that a message
   * quoting a key or value from a file stays one line and prints no terminal control sequences.
   */
  public static String printable(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean control = Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
      if (control && out == null) {
        out = new StringBuilder(text.length() + 8).append(text, 0, i);
      }
      if (out != null) {
        switch (c) {
          case '\n' -> out.append("\\n");
          case '\r' -> out.append("\\r");
          case '\t' -> out.append("\\t");
          default -> out.append(control ? "\\u%04x".formatted((int) c) : String.valueOf(c));
        }
      }
    }
    return out == null ? text : out.toString();
  }

  private String where() {
    return path.isEmpty() ? rootName : path;
  }

  private void requireObject() {
    if (!json.isObject()) {
      throw error("must be a mapping of keys to values, but was " + describe());
    }
  }

  private String describe() {
    if (json.isMissingNode() || json.isNull()) {
      return "empty";
    }
    if (json.isTextual()) {
      return "'" + json.asText() + "'";
    }
    if (json.isArray()) {
      return "a list";
    }
    if (json.isObject()) {
      return "a mapping";
    }
    if (json.isNumber()) {
      return Json.writtenText(json);
    }
    return json.toString();
  }
}
