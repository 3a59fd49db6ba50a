package dev.reissued.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;

/**
 * Command output as JSON for scripts: stable snake_case keys, ISO-8601 instants, the real values
 * (control characters JSON-escaped, {@link JsonEscapes}).
 */
final class JsonOutput {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  static {
    JSON.getFactory().setCharacterEscapes(JsonEscapes.INSTANCE);
  }

  private JsonOutput() {}

  static void print(PrintWriter out, Object value) {
    try {
      out.println(JSON.writeValueAsString(value));
      out.flush();
    } catch (JsonProcessingException impossible) {
      throw new IllegalStateException(impossible);
    }
  }
}
