package dev.reissued.keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The 256-bit key that seals private keys and CSR passwords at rest. Read from a file holding the
 * base64 of 32 random bytes; the file must not be readable by group or others, like an ssh key.
 */
public final class MasterKey {
  public static final int LENGTH = 32;
  private static final Set<PosixFilePermission> TOO_OPEN =
      EnumSet.of(
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_EXECUTE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE,
          PosixFilePermission.OTHERS_EXECUTE);

  private final byte[] bytes;

  private MasterKey(byte[] bytes) {
    this.bytes = bytes;
  }

  public static MasterKey of(byte[] bytes) {
    if (bytes == null || bytes.length != LENGTH) {
      throw new KeyException(
          "master key must be " + LENGTH + " bytes, got " + (bytes == null ? 0 : bytes.length));
    }
    return new MasterKey(bytes.clone());
  }

  /** Reads and checks the key file; every failure names the file and what is wrong with it. */
  public static MasterKey read(Path file) {
    try {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
      Set<PosixFilePermission> open = EnumSet.copyOf(TOO_OPEN);
      open.retainAll(permissions);
      if (!open.isEmpty()) {
        throw new KeyException(
            file
                + " is accessible by group or others ("
                + java.nio.file.attribute.PosixFilePermissions.toString(permissions)
                + "); run chmod 600 "
                + file);
      }
      String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
      byte[] decoded;
      try {
        decoded = Base64.getDecoder().decode(text);
      } catch (IllegalArgumentException notBase64) {
        throw new KeyException(
            file + " is not base64; create one with: head -c 32 /dev/urandom | base64 > " + file);
      }
      if (decoded.length != LENGTH) {
        Arrays.fill(decoded, (byte) 0);
        throw new KeyException(
            file
                + " holds "
                + decoded.length
                + " bytes, expected "
                + LENGTH
                + "; create one with: head -c 32 /dev/urandom | base64 > "
                + file);
      }
      return new MasterKey(decoded);
    } catch (NoSuchFileException missing) {
      throw new KeyException(
          file + " does not exist; create one with: head -c 32 /dev/urandom | base64 > " + file);
    } catch (UnsupportedOperationException | IOException unreadable) {
      throw new KeyException(file + " cannot be read: " + unreadable.getMessage());
    }
  }

  /** A fresh key, base64-encoded, for the demo and for `reissued` to suggest. */
  public static String generateBase64() {
    byte[] random = new byte[LENGTH];
    new java.security.SecureRandom().nextBytes(random);
    return Base64.getEncoder().encodeToString(random);
  }

  public SecretKey secretKey() {
    return new SecretKeySpec(bytes, "AES");
  }

  @Override
  public String toString() {
    return "MasterKey<masked>";
  }
}
