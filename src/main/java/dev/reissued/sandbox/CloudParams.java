package dev.reissued.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Request parameters of the cloud actions, read as the API reads them: numbers may come as JSON
 * numbers or as numeric strings (the SDK declares several as strings), anything else is refused
 * with the API's parameter errors.
 */
final class CloudParams {
  private CloudParams() {}

  static String required(JsonNode body, String field) {
    String value = SandboxStore.text(body, field);
    if (value == null || value.isBlank()) {
      throw new SandboxError("MissingParameter", "The request is missing " + field + ".");
    }
    return value;
  }

  /** A whole number, from a JSON number or a numeric string; {@code fallback} when absent. */
  static Long number(JsonNode body, String field, Long fallback) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (value.isIntegralNumber() && value.canConvertToLong()) {
      return value.asLong();
    }
    if (value.isTextual()) {
      try {
        return Long.parseLong(value.asText().strip());
      } catch (NumberFormatException notANumber) {
        // refused below
      }
    }
    throw new SandboxError("InvalidParameterValue", field + " must be an integer.");
  }

  static long requiredNumber(JsonNode body, String field) {
    Long value = number(body, field, null);
    if (value == null) {
      throw new SandboxError("MissingParameter", "The request is missing " + field + ".");
    }
    return value;
  }

  /** A number within {@code min..max}; {@code fallback} when absent. */
  static int bounded(JsonNode body, String field, int fallback, int min, int max) {
    long value = number(body, field, (long) fallback);
    if (value < min || value > max) {
      throw new SandboxError(
          "InvalidParameterValue", field + " must be between " + min + " and " + max + ".");
    }
    return (int) value;
  }

  /** An array of strings; empty when absent. */
  static List<String> strings(JsonNode body, String field) {
    JsonNode value = body.get(field);
    List<String> result = new ArrayList<>();
    if (value == null || value.isNull()) {
      return result;
    }
    if (!value.isArray()) {
      throw new SandboxError("InvalidParameter", field + " must be an array.");
    }
    for (JsonNode element : value) {
      if (!element.isValueNode() || element.isNull()) {
        throw new SandboxError("InvalidParameter", field + " must hold strings.");
      }
      result.add(element.asText());
    }
    return result;
  }

  /** A required array of 1 to {@code most} ids. */
  static List<String> ids(JsonNode body, String field, int most) {
    List<String> ids = strings(body, field);
    if (ids.isEmpty()) {
      throw new SandboxError("MissingParameter", "The request is missing " + field + ".");
    }
    if (ids.size() > most) {
      throw new SandboxError("InvalidParameterValue", field + " takes at most " + most + " ids.");
    }
    return ids;
  }
}
