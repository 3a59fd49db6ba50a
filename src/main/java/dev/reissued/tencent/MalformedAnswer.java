package dev.reissued.tencent;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Thrown by the cloud answer parsers for an answer that cannot be read as the action's shape; the
 * action turns it into a {@link LocalCode#INVALID_RESPONSE} failure naming what was wrong. Lenient
 * where a wrong value only loses a detail, strict where reading past it would lose a resource: an
 * answer that hides a bound resource must not read as "nothing bound".
 */
final class MalformedAnswer extends RuntimeException {
  MalformedAnswer(String what) {
    super(what, null, false, false);
  }

  /** The objects of an array field; a missing or null field is empty, anything else malformed. */
  static List<JsonNode> objects(JsonNode node, String field, String where) {
    JsonNode value = node == null ? null : node.get(field);
    List<JsonNode> result = new ArrayList<>();
    if (value == null || value.isNull()) {
      return result;
    }
    if (!value.isArray()) {
      throw new MalformedAnswer(where + field + " is " + kind(value) + ", not an array");
    }
    int index = 0;
    for (JsonNode element : value) {
      if (!element.isObject()) {
        throw new MalformedAnswer(
            where + field + "[" + index + "] is " + kind(element) + ", not an object");
      }
      result.add(element);
      index++;
    }
    return result;
  }

  /** A count that must be there and make sense: a whole number from 0 up. */
  static long count(JsonNode node, String field, String where) {
    Long value = JsonFields.number(node, field);
    if (value == null || value < 0) {
      throw new MalformedAnswer(
          where + field + " is " + kind(node == null ? null : node.get(field)) + ", not a count");
    }
    return value;
  }

  /** A count that may be missing (null), but is never negative. */
  static Long optionalCount(JsonNode node, String field, String where) {
    JsonNode value = node == null ? null : node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    return count(node, field, where);
  }

  static String kind(JsonNode value) {
    if (value == null || value.isMissingNode()) {
      return "missing";
    }
    if (value.isNull()) {
      return "null";
    }
    if (value.isValueNode()) {
      String text = value.toString();
      return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
    return value.isArray() ? "an array" : "an object";
  }
}
