package dev.reissued.keys;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * A value sealed by {@link Sealer}: format version, the 12-byte GCM nonce, and the ciphertext with
 * its 16-byte tag at the end. {@link #encoded()} packs it into one byte string for a {@code bytea}
 * column; {@link #decode} reads it back.
 */
public record SealedBox(int version, byte[] nonce, byte[] ciphertext) {
  public static final int VERSION_1 = 1;
  public static final int NONCE_LENGTH = 12;
  public static final int TAG_LENGTH = 16;

  /** {@link #rowBinding} kinds used by the ledger. */
  public static final String PRIVATE_KEY = "private_key";

  public static final String CSR_KEY_PASSWORD = "csr_key_password";

  private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9_]*");

  public SealedBox {
    if (version < 1 || version > 255) {
      throw new KeyException("sealed value has version " + version + "; versions are 1 to 255");
    }
    if (nonce == null || nonce.length != NONCE_LENGTH) {
      throw new KeyException(
          "sealed value is corrupted: nonce is "
              + (nonce == null ? 0 : nonce.length)
              + " bytes, expected "
              + NONCE_LENGTH);
    }
    if (ciphertext == null || ciphertext.length < TAG_LENGTH) {
      throw new KeyException(
          "sealed value is corrupted: ciphertext is "
              + (ciphertext == null ? 0 : ciphertext.length)
              + " bytes, shorter than the "
              + TAG_LENGTH
              + "-byte tag");
    }
    nonce = nonce.clone();
    ciphertext = ciphertext.clone();
  }

  /**
   * The associated data that ties a sealed value to its ledger row and column, {@code
   * reissue:<id>:<kind>}: a value copied to another row or column no longer opens.
   */
  public static String rowBinding(long reissueId, String kind) {
    if (reissueId <= 0) {
      throw new KeyException("a row binding needs a positive reissue id, got " + reissueId);
    }
    if (kind == null || !KIND.matcher(kind).matches()) {
      throw new KeyException(
          "a row binding kind is lower-case letters, digits and '_', got '" + kind + "'");
    }
    return "reissue:" + reissueId + ":" + kind;
  }

  /** version (1 byte) | nonce (12) | ciphertext and tag. */
  public byte[] encoded() {
    return ByteBuffer.allocate(1 + nonce.length + ciphertext.length)
        .put((byte) version)
        .put(nonce)
        .put(ciphertext)
        .array();
  }

  public static SealedBox decode(byte[] encoded) {
    if (encoded == null || encoded.length < 1 + NONCE_LENGTH + TAG_LENGTH) {
      throw new KeyException(
          "sealed value is corrupted: "
              + (encoded == null ? 0 : encoded.length)
              + " bytes is shorter than the smallest sealed value ("
              + (1 + NONCE_LENGTH + TAG_LENGTH)
              + ")");
    }
    return new SealedBox(
        Byte.toUnsignedInt(encoded[0]),
        Arrays.copyOfRange(encoded, 1, 1 + NONCE_LENGTH),
        Arrays.copyOfRange(encoded, 1 + NONCE_LENGTH, encoded.length));
  }

  @Override
  public byte[] nonce() {
    return nonce.clone();
  }

  @Override
  public byte[] ciphertext() {
    return ciphertext.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SealedBox box
        && box.version == version
        && Arrays.equals(box.nonce, nonce)
        && Arrays.equals(box.ciphertext, ciphertext);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * version + Arrays.hashCode(nonce)) + Arrays.hashCode(ciphertext);
  }

  /** Lengths only. */
  @Override
  public String toString() {
    return "SealedBox[version="
        + version
        + ", nonce="
        + nonce.length
        + " bytes, ciphertext="
        + ciphertext.length
        + " bytes]";
  }
}
