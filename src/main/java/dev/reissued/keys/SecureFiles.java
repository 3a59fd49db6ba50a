package dev.reissued.keys;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes files whole or not at all: the content goes to a temporary file in the target's directory,
 * is flushed to disk, and is renamed over the target in one atomic step, so a reader sees the old
 * file or the new one, never half of one, and a crash leaves no partial key behind.
 *
 * <p>Private files are created with mode 0600 by the {@code open} call itself (never written with
 * the default mode and narrowed afterwards), so there is no moment when another user could open
 * them.
 */
public final class SecureFiles {
  public static final Set<PosixFilePermission> PRIVATE =
      PosixFilePermissions.fromString("rw-------");
  public static final Set<PosixFilePermission> PUBLIC =
      PosixFilePermissions.fromString("rw-r--r--");

  private SecureFiles() {}

  /** Mode 0600, for private keys and passwords. */
  public static void writePrivate(Path target, byte[] content) {
    write(target, content, PRIVATE);
  }

  /** Mode 0644, for CSRs and certificates. */
  public static void writePublic(Path target, byte[] content) {
    write(target, content, PUBLIC);
  }

  private static void write(Path target, byte[] content, Set<PosixFilePermission> permissions) {
    Path absolute = target.toAbsolutePath();
    Path directory = absolute.getParent();
    FileAttribute<Set<PosixFilePermission>> mode =
        PosixFilePermissions.asFileAttribute(permissions);
    Path temporary = null;
    try {
      temporary = Files.createTempFile(directory, "." + absolute.getFileName() + ".", ".tmp", mode);
      // The umask may have narrowed the mode at creation; set it exactly. This can only widen a
      // public file: a private file was created 0600 or narrower, before any content was in it.
      Files.setPosixFilePermissions(temporary, permissions);
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE);
      temporary = null;
      syncDirectory(directory);
    } catch (UnsupportedOperationException noPosix) {
      throw new KeyException(
          "cannot write "
              + target
              + ": its file system has no POSIX permissions, so the file could not be kept"
              + " private");
    } catch (IOException failure) {
      throw new KeyException("cannot write " + target + ": " + describe(failure), failure);
    } finally {
      if (temporary != null) {
        try {
          Files.deleteIfExists(temporary);
        } catch (IOException ignored) {
          // The write already failed and says so; a leftover temporary file is the lesser problem.
        }
      }
    }
  }

  /** Makes the rename itself durable; best effort, as not every file system allows it. */
  private static void syncDirectory(Path directory) {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException notSupported) {
      // Some file systems refuse fsync on a directory; the file's own content is already on disk.
    }
  }

  private static String describe(IOException failure) {
    if (failure instanceof FileSystemException fileSystem && fileSystem.getReason() != null) {
      return fileSystem.getReason() + " (" + fileSystem.getFile() + ")";
    }
    return failure.getClass().getSimpleName() + ": " + failure.getMessage();
  }
}
