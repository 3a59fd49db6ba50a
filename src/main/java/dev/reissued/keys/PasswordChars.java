package dev.reissued.keys;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A password's bytes as characters: strict UTF-8 (malformed input is an error, never a replacement
 * character), and the decoder's buffer wiped once copied. The bytes stay the caller's to wipe.
 */
public final class PasswordChars {
  private PasswordChars() {}

  public static char[] fromUtf8(byte[] bytes) throws CharacterCodingException {
    return decode(bytes, false);
  }

  /** The same without one trailing newline (LF or CRLF), as {@code echo} and editors leave it. */
  public static char[] fromUtf8Line(byte[] bytes) throws CharacterCodingException {
    return decode(bytes, true);
  }

  private static char[] decode(byte[] bytes, boolean dropNewline) throws CharacterCodingException {
    CharBuffer decoded =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes));
    int length = decoded.remaining();
    if (dropNewline && length > 0 && decoded.get(length - 1) == '\n') {
      length--;
      if (length > 0 && decoded.get(length - 1) == '\r') {
        length--;
      }
    }
    char[] password = new char[length];
    decoded.get(password);
    Arrays.fill(decoded.array(), '\0');
    return password;
  }
}
