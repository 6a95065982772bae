package io.nas4j.space.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one place that configures Jackson. The mappers are thread-safe once built; never configure
 * them further.
 */
public final class Json {

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(JsonParser.Feature.ALLOW_COMMENTS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          .build();

  private static final ObjectMapper YAML =
      YAMLMapper.builder(YAMLFactory.builder().build())
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  private Json() {}

  /** The JSON mapper (duplicate keys rejected, comments allowed). */
  public static ObjectMapper mapper() {
    return JSON;
  }

  /** The YAML mapper (duplicate keys rejected). */
  public static ObjectMapper yaml() {
    return YAML;
  }

  /**
   * Parses a document like {@code mapper.readTree(text)}, but a number with a fraction or an
   * exponent keeps the text it was written with ({@link #writtenText(JsonNode)}), so that messages
   * quote {@code 1e300} as the user wrote it, not as {@code 1.0E300}. Integers too large for a long
   * are kept exactly. Missing content gives a {@link MissingNode}.
   */
  public static JsonNode readTree(ObjectMapper mapper, String text) throws JsonProcessingException {
    try (JsonParser parser = mapper.createParser(text)) {
      if (parser.nextToken() == null) {
        return MissingNode.getInstance();
      }
      JsonNode tree = value(parser, mapper.getNodeFactory());
      if (mapper.isEnabled(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          && parser.nextToken() != null) {
        throw new JsonParseException(
            parser, "Trailing token (of type " + parser.currentToken() + ") found after value");
      }
      return tree;
    } catch (JsonProcessingException e) {
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException("reading a string failed", e);
    }
  }

  /**
   * Jackson's message for text that does not parse, on one line and without the source description
   * Jackson puts in the locations it quotes, e.g. {@code Unexpected end-of-input: expected close
   * marker for Object (start marker at [line: 1, column: 1])}.
   */
  public static String problem(JsonProcessingException e) {
    String message = String.valueOf(e.getOriginalMessage()).strip().lines().findFirst().orElse("");
    return message.strip().replaceAll("\\[Source: [^;]*; ", "[");
  }

  /**
   * Where the parser stopped, e.g. {@code at line 3, column 7}, or "" when Jackson does not say.
   */
  public static String where(JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    return at == null || at.getLineNr() < 1
        ? ""
        : " at line %d, column %d".formatted(at.getLineNr(), at.getColumnNr());
  }

  /** The text a number was written with where {@link #readTree} kept it, else its JSON form. */
  public static String writtenText(JsonNode number) {
    return number instanceof WrittenDouble written ? written.text : number.asText();
  }

  private static JsonNode value(JsonParser parser, JsonNodeFactory factory) throws IOException {
    JsonToken token = parser.currentToken();
    if (token == null) {
      // No value where one must be (YAML can say so, e.g. with a tag on nothing).
      throw new JsonParseException(parser, "Unexpected end of input: a value is missing");
    }
    switch (token) {
      case START_OBJECT -> {
        ObjectNode object = factory.objectNode();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          parser.nextToken();
          object.set(name, value(parser, factory));
        }
        return object;
      }
      case START_ARRAY -> {
        ArrayNode array = factory.arrayNode();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          array.add(value(parser, factory));
        }
        return array;
      }
      case VALUE_STRING -> {
        return TextNode.valueOf(parser.getText());
      }
      case VALUE_NUMBER_INT -> {
        return switch (parser.getNumberType()) {
          case INT -> IntNode.valueOf(parser.getIntValue());
          case LONG -> LongNode.valueOf(parser.getLongValue());
          default -> BigIntegerNode.valueOf(parser.getBigIntegerValue());
        };
      }
      case VALUE_NUMBER_FLOAT -> {
        return new WrittenDouble(parser.getDoubleValue(), parser.getText().trim());
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return BooleanNode.valueOf(token == JsonToken.VALUE_TRUE);
      }
      case VALUE_NULL -> {
        return NullNode.getInstance();
      }
      case VALUE_EMBEDDED_OBJECT -> {
        Object embedded = parser.getEmbeddedObject();
        return embedded instanceof byte[] bytes
            ? factory.binaryNode(bytes)
            : factory.pojoNode(embedded);
      }
      default -> throw new JsonParseException(parser, "Unexpected token " + token);
    }
  }

  /** A floating-point number and the text it was written with. */
  private static final class WrittenDouble extends DoubleNode {
    private static final long serialVersionUID = 1L;

    private final String text;

    WrittenDouble(double value, String text) {
      super(value);
      this.text = text;
    }
  }
}
