package dev.reissued.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.reissued.db.Jdbc;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/**
 * JSON written as it is made: an array element by element ({@code --json}) or one object per line
 * ({@code --jsonl}), so a million rows never sit in memory as one string. Text from the API is
 * escaped as {@link JsonOutput} escapes it, and the array is indented as JsonOutput indents. The
 * output is flushed after the first element and then once every {@link Jdbc#FETCH_SIZE} elements,
 * not after each: a system call per element would cost more than the JSON.
 *
 * <p>Elements write their own fields on Jackson's streaming generator: no ObjectMapper, whose start
 * (some 400 classes) delayed the first element by 0.15 s, and field names escaped once, where a
 * map's keys are escaped per element.
 */
final class JsonStream implements AutoCloseable {
  private static final JsonFactory JSON = new JsonFactory();

  static {
    JSON.setCharacterEscapes(JsonEscapes.INSTANCE);
  }

  /** One element of the stream: a JSON object it writes field by field. */
  interface Element {
    void writeFields(Fields fields) throws IOException;
  }

  /** Writes fields of the element being written; a null value is written as null. */
  static final class Fields {
    private final JsonGenerator json;

    private Fields(JsonGenerator json) {
      this.json = json;
    }

    Fields string(SerializableString name, String value) throws IOException {
      json.writeFieldName(name);
      if (value == null) {
        json.writeNull();
      } else {
        json.writeString(value);
      }
      return this;
    }

    Fields number(SerializableString name, Integer value) throws IOException {
      if (value == null) {
        return string(name, null);
      }
      json.writeFieldName(name);
      json.writeNumber(value);
      return this;
    }

    Fields bool(SerializableString name, boolean value) throws IOException {
      json.writeFieldName(name);
      json.writeBoolean(value);
      return this;
    }
  }

  /** A field name, escaped once. */
  static SerializableString name(String name) {
    return new SerializedString(name);
  }

  /** The certificate's fields that every stream's elements begin with. */
  static Fields certificate(Fields fields, String certificateId, String account, String domain)
      throws IOException {
    return fields
        .string(CERTIFICATE_ID, certificateId)
        .string(ACCOUNT, account)
        .string(DOMAIN, domain);
  }

  private static final SerializableString CERTIFICATE_ID = name("certificate_id");
  private static final SerializableString ACCOUNT = name("account");
  private static final SerializableString DOMAIN = name("domain");

  private final PrintWriter out;
  private final JsonGenerator json;
  private final Fields fields;
  private final boolean lines;
  private long written;

  private JsonStream(PrintWriter out, boolean lines) {
    this.out = out;
    this.lines = lines;
    try {
      JsonGenerator generator = JSON.createGenerator(out);
      if (lines) {
        generator.setRootValueSeparator(null);
      } else {
        generator.useDefaultPrettyPrinter();
        generator.writeStartArray();
      }
      this.json = generator;
      this.fields = new Fields(generator);
    } catch (IOException failure) {
      throw new UncheckedIOException(failure);
    }
  }

  /** A JSON array ({@code lines} false) or JSON Lines ({@code lines} true) on {@code out}. */
  static JsonStream on(PrintWriter out, boolean lines) {
    return new JsonStream(out, lines);
  }

  void write(Element element) {
    try {
      json.writeStartObject();
      element.writeFields(fields);
      json.writeEndObject();
      if (lines) {
        json.writeRaw('\n');
      }
      if (++written == 1 || written % Jdbc.FETCH_SIZE == 0) {
        json.flush();
        out.flush();
      }
    } catch (IOException failure) {
      throw new UncheckedIOException(failure);
    }
  }

  @Override
  public void close() {
    try {
      if (!lines) {
        json.writeEndArray();
      }
      json.flush();
      if (!lines) {
        out.println();
      }
      out.flush();
    } catch (IOException failure) {
      throw new UncheckedIOException(failure);
    }
  }
}
