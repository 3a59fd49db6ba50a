package dev.reissued.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecureFilesTest {
  @TempDir Path directory;

  @Test
  void a_private_file_should_be_created_with_mode_0600() throws Exception {
    Path key = directory.resolve("key.pem");

    SecureFiles.writePrivate(key, bytes("secret"));

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
        .isEqualTo("rw-------");
    assertThat(Files.readString(key)).isEqualTo("secret");
  }

  @Test
  void a_public_file_should_get_mode_0644() throws Exception {
    Path csr = directory.resolve("csr.pem");

    SecureFiles.writePublic(csr, bytes("request"));

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(csr)))
        .isEqualTo("rw-r--r--");
  }

  @Test
  void replacing_a_loose_file_should_leave_the_new_one_private_and_no_temporary_files()
      throws Exception {
    Path key = directory.resolve("key.pem");
    Files.writeString(key, "old");
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-rw-rw-"));

    SecureFiles.writePrivate(key, bytes("new"));

    assertThat(Files.readString(key)).isEqualTo("new");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
        .isEqualTo("rw-------");
    try (Stream<Path> files = Files.list(directory)) {
      assertThat(files).containsExactly(key);
    }
  }

  @Test
  void a_missing_directory_should_fail_with_the_path_and_leave_nothing() {
    Path key = directory.resolve("missing").resolve("key.pem");

    assertThatThrownBy(() -> SecureFiles.writePrivate(key, bytes("secret")))
        .isInstanceOf(KeyException.class)
        .hasMessageStartingWith("cannot write " + key)
        .hasMessageNotContaining("secret");
    assertThat(directory.resolve("missing")).doesNotExist();
  }

  @Test
  void a_directory_in_the_way_should_fail_and_leave_no_temporary_file() throws Exception {
    Path target = Files.createDirectory(directory.resolve("key.pem"));

    assertThatThrownBy(() -> SecureFiles.writePrivate(target, bytes("secret")))
        .isInstanceOf(KeyException.class)
        .hasMessageStartingWith("cannot write " + target);
    try (Stream<Path> files = Files.list(directory)) {
      assertThat(files).containsExactly(target);
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
