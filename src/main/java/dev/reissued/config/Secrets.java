package dev.reissued.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a secret given inline (usually {@code ${VAR}}) or in a file named by its {@code *File} key
 * (systemd's {@code LoadCredential=}). Whether a secret is required, and what it must look like, is
 * the record's to say.
 */
final class Secrets {
  private Secrets() {}

  /**
   * A secret as read: its value (null when absent or unreadable) and the key it was read from, so
   * that a record's complaint about {@code secretKey} lands on {@code secretKeyFile} when that is
   * where the value came from.
   */
  record Read(Secret value, String field, String key) {
    /** For {@link ConfigNode#build}: the record's field, named by the key it was read from. */
    Map<String, String> keys() {
      return Map.of(field, key);
    }
  }

  static Read read(ConfigNode parent, String key, String fileKey) {
    ConfigNode inline = parent.get(key);
    ConfigNode file = parent.get(fileKey);
    if (inline.isPresent() && file.isPresent()) {
      inline.error("give either " + key + " or " + fileKey + ", not both");
      return new Read(null, key, key);
    }
    if (file.isPresent()) {
      return new Read(fromFile(file).orElse(null), key, fileKey);
    }
    return new Read(inline.text().map(Secret::of).orElse(null), key, key);
  }

  private static Optional<Secret> fromFile(ConfigNode file) {
    Optional<Path> path = file.file();
    if (path.isEmpty()) {
      if (!file.hasErrors()) {
        file.error("must not be empty");
      }
      return Optional.empty();
    }
    try {
      String value = Files.readString(path.get(), StandardCharsets.UTF_8).strip();
      if (value.isEmpty()) {
        file.error(path.get() + " is empty");
        return Optional.empty();
      }
      return Optional.of(Secret.of(value));
    } catch (NoSuchFileException missing) {
      file.error(path.get() + " does not exist");
    } catch (IOException unreadable) {
      file.error(path.get() + " cannot be read: " + unreadable.getMessage());
    }
    return Optional.empty();
  }
}
