package dev.reissued.tencent;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Lenient readers for API JSON: a missing field, a JSON null, a number sent as a string or a string
 * sent as a number all read as what they plainly mean, and anything else as null.
 */
final class JsonFields {
  private JsonFields() {}

  static String text(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    if (value == null || value.isNull() || value.isContainerNode()) {
      return null;
    }
    return value.asText();
  }

  static Long number(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (value.isIntegralNumber()) {
      return value.asLong();
    }
    if (value.isNumber()) {
      return (long) value.asDouble();
    }
    if (value.isTextual()) {
      try {
        return Long.parseLong(value.asText().strip());
      } catch (NumberFormatException notANumber) {
        return null;
      }
    }
    return null;
  }

  static Boolean bool(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (value.isBoolean()) {
      return value.asBoolean();
    }
    if (value.isNumber()) {
      return value.asLong() != 0;
    }
    if (value.isTextual()) {
      switch (value.asText().strip().toLowerCase(Locale.ROOT)) {
        case "true":
        case "1":
          return true;
        case "false":
        case "0":
          return false;
        default:
          return null;
      }
    }
    return null;
  }

  /** An array of strings; a single string reads as a one-element list, anything else as empty. */
  static List<String> strings(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    List<String> result = new ArrayList<>();
    if (value == null || value.isNull()) {
      return List.of();
    }
    if (value.isArray()) {
      for (JsonNode element : value) {
        if (element.isValueNode() && !element.isNull() && !element.asText().isBlank()) {
          result.add(element.asText());
        }
      }
    } else if (value.isTextual() && !value.asText().isBlank()) {
      result.add(value.asText());
    }
    return List.copyOf(result);
  }
}
