package dev.reissued.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;

/**
 * A YAML document as a tree of Jackson nodes, built from the streaming parser. ObjectMapper's
 * readTree gives the same tree, but building an ObjectMapper loads some 400 classes (serializer and
 * deserializer factories, type resolution, date formats): 0.15 s of every command's start, where
 * the configuration needs a tree and nothing else. Duplicate keys are an error.
 */
final class YamlTree {
  private static final YAMLFactory YAML = new YAMLFactory();

  static {
    YAML.configure(JsonParser.Feature.STRICT_DUPLICATE_DETECTION, true);
  }

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private YamlTree() {}

  /** The first document's tree; null for an empty document. */
  static JsonNode read(String yaml) throws IOException {
    try (JsonParser parser = YAML.createParser(yaml)) {
      JsonToken first = parser.nextToken();
      return first == null ? null : value(parser, first);
    }
  }

  private static JsonNode value(JsonParser parser, JsonToken token) throws IOException {
    return switch (token) {
      case START_OBJECT -> object(parser);
      case START_ARRAY -> array(parser);
      case VALUE_STRING -> NODES.textNode(parser.getText());
      case VALUE_NUMBER_INT ->
          switch (parser.getNumberType()) {
            case INT -> NODES.numberNode(parser.getIntValue());
            case LONG -> NODES.numberNode(parser.getLongValue());
            default -> NODES.numberNode(parser.getBigIntegerValue());
          };
      case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDoubleValue());
      case VALUE_TRUE -> NODES.booleanNode(true);
      case VALUE_FALSE -> NODES.booleanNode(false);
      case VALUE_NULL -> NODES.nullNode();
      case VALUE_EMBEDDED_OBJECT -> NODES.pojoNode(parser.getEmbeddedObject());
      default -> throw new IllegalStateException("unexpected " + token + " in a YAML value");
    };
  }

  private static ObjectNode object(JsonParser parser) throws IOException {
    ObjectNode object = NODES.objectNode();
    for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; ) {
      String name = parser.currentName();
      object.set(name, value(parser, parser.nextToken()));
      token = parser.nextToken();
    }
    return object;
  }

  private static ArrayNode array(JsonParser parser) throws IOException {
    ArrayNode array = NODES.arrayNode();
    for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; ) {
      array.add(value(parser, token));
      token = parser.nextToken();
    }
    return array;
  }
}
