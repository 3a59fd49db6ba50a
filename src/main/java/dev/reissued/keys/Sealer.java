package dev.reissued.keys;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals secrets at rest (private keys, CSR key passwords) with AES-256-GCM under the {@link
 * MasterKey}: a fresh random 12-byte nonce per value, a 128-bit tag, and associated data that binds
 * the value to where it is stored ({@link SealedBox#rowBinding}) together with the format version.
 * The associated data is not stored in the box; the reader supplies it again from the row it reads.
 *
 * <p>Thread-safe: each call uses its own {@link Cipher}. Random nonces are safe for far more values
 * than one master key will ever seal (the limit is about 2^32).
 */
public final class Sealer {
  private static final String TRANSFORMATION = "AES/GCM/NoPadding";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKey key;

  public Sealer(MasterKey masterKey) {
    this.key = masterKey.secretKey();
  }

  public SealedBox seal(byte[] plaintext, String associatedData) {
    byte[] nonce = new byte[SealedBox.NONCE_LENGTH];
    RANDOM.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance(TRANSFORMATION);
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(SealedBox.TAG_LENGTH * 8, nonce));
      cipher.updateAAD(aad(SealedBox.VERSION_1, associatedData));
      return new SealedBox(SealedBox.VERSION_1, nonce, cipher.doFinal(plaintext));
    } catch (GeneralSecurityException failure) {
      throw new KeyException(
          "cannot seal a value for " + associatedData + ": " + failure.getMessage(), failure);
    }
  }

  public byte[] open(SealedBox box, String associatedData) {
    if (box.version() != SealedBox.VERSION_1) {
      throw new KeyException(
          "sealed value for "
              + associatedData
              + " has format version "
              + box.version()
              + "; this build reads version "
              + SealedBox.VERSION_1);
    }
    try {
      Cipher cipher = Cipher.getInstance(TRANSFORMATION);
      cipher.init(
          Cipher.DECRYPT_MODE, key, new GCMParameterSpec(SealedBox.TAG_LENGTH * 8, box.nonce()));
      cipher.updateAAD(aad(box.version(), associatedData));
      return cipher.doFinal(box.ciphertext());
    } catch (AEADBadTagException doesNotOpen) {
      // GCM cannot tell these apart, and saying more would not help an attacker or an operator.
      throw new KeyException(
          "sealed value for "
              + associatedData
              + " does not open: wrong master key, wrong row, or corrupted");
    } catch (GeneralSecurityException failure) {
      throw new KeyException(
          "cannot open the sealed value for " + associatedData + ": " + failure.getMessage(),
          failure);
    }
  }

  /** Seals a password as UTF-8, clearing the intermediate bytes. */
  public SealedBox sealPassword(char[] password, String associatedData) {
    ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
    byte[] bytes = new byte[encoded.remaining()];
    encoded.get(bytes);
    clear(encoded);
    try {
      return seal(bytes, associatedData);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  public char[] openPassword(SealedBox box, String associatedData) {
    byte[] bytes = open(box, associatedData);
    try {
      return PasswordChars.fromUtf8(bytes);
    } catch (CharacterCodingException notText) {
      throw new KeyException("sealed value for " + associatedData + " is not a UTF-8 password");
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  private static byte[] aad(int version, String associatedData) {
    if (associatedData == null || associatedData.isBlank()) {
      throw new KeyException(
          "associated data is required: a sealed value must be bound to its row");
    }
    byte[] binding = associatedData.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(1 + binding.length).put((byte) version).put(binding).array();
  }

  private static void clear(ByteBuffer buffer) {
    if (buffer.hasArray()) {
      Arrays.fill(buffer.array(), (byte) 0);
    }
  }

  @Override
  public String toString() {
    return "Sealer<masked>";
  }
}
