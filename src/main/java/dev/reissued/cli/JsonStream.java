package dev.reissued.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.reissued.db.Jdbc;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/**
 * JSON written as it is made: an array element by element ({@code --json}) or one object per line
 * ({@code --jsonl}), so a million rows never sit in memory as one string. Text from the API is
 * escaped as {@link JsonOutput} escapes it. The output is flushed after the first element and then
 * once every {@link Jdbc#FETCH_SIZE} elements, not after each: a system call per element would cost
 * more than the JSON.
 */
final class JsonStream implements AutoCloseable {
  private static final ObjectMapper JSON =
      new ObjectMapper().disable(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);

  static {
    JSON.getFactory().setCharacterEscapes(JsonEscapes.INSTANCE);
  }

  private final PrintWriter out;
  private final JsonGenerator array;
  private long written;

  private JsonStream(PrintWriter out, boolean lines) {
    this.out = out;
    try {
      if (lines) {
        this.array = null;
      } else {
        this.array = JSON.getFactory().createGenerator(out).useDefaultPrettyPrinter();
        array.writeStartArray();
      }
    } catch (IOException failure) {
      throw new UncheckedIOException(failure);
    }
  }

  /** A JSON array ({@code lines} false) or JSON Lines ({@code lines} true) on {@code out}. */
  static JsonStream on(PrintWriter out, boolean lines) {
    return new JsonStream(out, lines);
  }

  void write(Object value) {
    try {
      if (array == null) {
        out.println(JSON.writeValueAsString(value));
      } else {
        JSON.writeValue(array, value);
      }
      if (++written == 1 || written % Jdbc.FETCH_SIZE == 0) {
        if (array != null) {
          array.flush();
        }
        out.flush();
      }
    } catch (IOException failure) {
      throw new UncheckedIOException(failure);
    }
  }

  @Override
  public void close() {
    try {
      if (array != null) {
        array.writeEndArray();
        array.flush();
        out.println();
      }
      out.flush();
    } catch (IOException failure) {
      throw new UncheckedIOException(failure);
    }
  }
}
