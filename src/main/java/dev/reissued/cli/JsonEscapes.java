package dev.reissued.cli;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.reissued.Printable;

/**
 * JSON escaping of every character {@link Printable} finds unsafe: Jackson escapes C0 controls on
 * its own but writes DEL, C1 controls and bidirectional overrides raw. As {@code \}{@code uXXXX}
 * the value stays the same for whoever parses the JSON, and harmless for whoever reads it raw.
 */
final class JsonEscapes extends CharacterEscapes {
  static final JsonEscapes INSTANCE = new JsonEscapes();

  private final int[] ascii = standardAsciiEscapesForJSON();

  private JsonEscapes() {
    ascii[0x7F] = ESCAPE_STANDARD;
  }

  @Override
  public int[] getEscapeCodesForAscii() {
    return ascii;
  }

  @Override
  public SerializableString getEscapeSequence(int character) {
    // Jackson hands over UTF-16 units here: a lone or paired surrogate is left to its encoder.
    if (Character.isSurrogate((char) character) || !Printable.isUnsafe(character)) {
      return null;
    }
    return new SerializedString(String.format("\\u%04x", character));
  }
}
