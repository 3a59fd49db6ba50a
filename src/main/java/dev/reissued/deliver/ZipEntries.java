package dev.reissued.deliver;

import dev.reissued.Printable;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * The entries of a downloaded ZIP, inflated within bounds so that a zip bomb cannot exhaust memory:
 * at most {@value #MAX_ENTRIES} entries, {@value #MAX_ENTRY_BYTES} bytes per entry and {@value
 * #MAX_TOTAL_BYTES} bytes in all. Names that repeat get a copy number; folders are passed over.
 */
final class ZipEntries {
  static final int MAX_ENTRIES = 256;
  static final int MAX_ENTRY_BYTES = 1024 * 1024;
  static final long MAX_TOTAL_BYTES = 16 * 1024 * 1024;
  private static final int NAME_LENGTH = 120;

  private ZipEntries() {}

  /** Each file entry's bytes by name, in archive order; empty when the content is no ZIP at all. */
  static Map<String, byte[]> inflate(String certificateId, byte[] content) {
    Map<String, byte[]> texts = new LinkedHashMap<>();
    Set<String> seen = new LinkedHashSet<>();
    long total = 0;
    int count = 0;
    // ISO-8859-1 for names without the UTF-8 flag: never fails, and names only go into messages.
    try (ZipInputStream zip =
        new ZipInputStream(new ByteArrayInputStream(content), StandardCharsets.ISO_8859_1)) {
      ZipEntry entry;
      while ((entry = zip.getNextEntry()) != null) {
        if (++count > MAX_ENTRIES) {
          throw new DeployException(
              "archive of certificate "
                  + certificateId
                  + " has more than "
                  + MAX_ENTRIES
                  + " entries");
        }
        if (entry.isDirectory()) {
          continue;
        }
        byte[] bytes = readBounded(certificateId, entry.getName(), zip);
        total += bytes.length;
        if (total > MAX_TOTAL_BYTES) {
          throw new DeployException(
              "archive of certificate "
                  + certificateId
                  + " inflates to more than "
                  + MAX_TOTAL_BYTES
                  + " bytes");
        }
        String name = entry.getName();
        for (int copy = 2; !seen.add(name); copy++) {
          name = entry.getName() + " (" + copy + ")";
        }
        texts.put(name, bytes);
      }
    } catch (ZipException | IllegalArgumentException notZip) {
      throw new DeployException(
          "archive of certificate "
              + certificateId
              + " is not a readable ZIP: "
              + notZip.getMessage());
    } catch (IOException unreadable) {
      throw new DeployException(
          "archive of certificate " + certificateId + " cannot be read: " + unreadable.getMessage(),
          unreadable);
    }
    return texts;
  }

  private static byte[] readBounded(String certificateId, String entry, InputStream in)
      throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    int read;
    while ((read = in.read(buffer)) != -1) {
      if (bytes.size() + read > MAX_ENTRY_BYTES) {
        throw new DeployException(
            "archive of certificate "
                + certificateId
                + ": entry "
                + Printable.escape(entry, NAME_LENGTH)
                + " inflates to more than "
                + MAX_ENTRY_BYTES
                + " bytes");
      }
      bytes.write(buffer, 0, read);
    }
    return bytes.toByteArray();
  }
}
