package dev.reissued.deliver;

import static dev.reissued.deliver.TestPki.pem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reissued.keys.Pem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputWriterTest {
  static final TestPki PKI = new TestPki();
  @TempDir Path directory;
  final KeyPair key = TestPki.ec();

  static String mode(Path file) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
  }

  @Test
  void files_are_written_under_the_domain_with_the_key_private() throws Exception {
    X509Certificate leaf = PKI.leaf(key.getPublic(), "www.example.com");
    Path dir = directory.resolve("certs");

    OutputWriter.Written written =
        OutputWriter.write(
            dir,
            "WWW.Example.com",
            pem(leaf),
            pem(PKI.intermediate),
            Optional.of(key.getPrivate()));

    Path domain = dir.resolve("www.example.com");
    assertThat(written.directory()).isEqualTo(domain.toAbsolutePath());
    assertThat(written.key()).contains(domain.resolve("privkey.pem").toAbsolutePath());
    assertThat(Files.readString(domain.resolve("cert.pem"))).isEqualTo(pem(leaf));
    assertThat(Files.readString(domain.resolve("chain.pem"))).isEqualTo(pem(PKI.intermediate));
    assertThat(Files.readString(domain.resolve("fullchain.pem")))
        .isEqualTo(pem(leaf, PKI.intermediate));
    assertThat(Pem.parsePrivateKey(Files.readString(domain.resolve("privkey.pem"))).getEncoded())
        .isEqualTo(key.getPrivate().getEncoded());
    assertThat(mode(domain.resolve("privkey.pem"))).isEqualTo("rw-------");
    assertThat(mode(domain.resolve("cert.pem"))).isEqualTo("rw-r--r--");
    assertThat(mode(domain.resolve("chain.pem"))).isEqualTo("rw-r--r--");
    assertThat(mode(domain.resolve("fullchain.pem"))).isEqualTo("rw-r--r--");
    assertThat(mode(domain)).isEqualTo("rwxr-xr-x");
    try (var files = Files.list(domain)) {
      assertThat(files.map(file -> file.getFileName().toString()))
          .containsExactlyInAnyOrder("cert.pem", "chain.pem", "fullchain.pem", "privkey.pem");
    }
  }

  @Test
  void wildcard_and_international_domains_get_plain_directory_names() {
    assertThat(OutputWriter.directoryName("*.example.com")).isEqualTo("_wildcard.example.com");
    assertThat(OutputWriter.directoryName("bücher.example")).isEqualTo("xn--bcher-kva.example");
  }

  @Test
  void names_that_could_leave_the_output_directory_are_refused() {
    for (String name :
        new String[] {"../etc", "a/../../b.com", "/etc/passwd", "..", "", "a\u0000.com"}) {
      assertThatThrownBy(() -> OutputWriter.directoryName(name))
          .as(name)
          .isInstanceOf(DeployException.class)
          .hasMessageStartingWith("cannot choose an output directory");
    }
  }

  @Test
  void a_symbolic_link_in_place_of_the_domain_directory_is_not_followed() throws Exception {
    Path dir = Files.createDirectories(directory.resolve("certs"));
    Path elsewhere = Files.createDirectories(directory.resolve("elsewhere"));
    Files.createSymbolicLink(dir.resolve("www.example.com"), elsewhere);
    X509Certificate leaf = PKI.leaf(key.getPublic(), "www.example.com");

    assertThatThrownBy(
            () ->
                OutputWriter.write(
                    dir, "www.example.com", pem(leaf), "", Optional.of(key.getPrivate())))
        .isInstanceOf(DeployException.class)
        .hasMessageContaining("it is a symbolic link");
    try (var files = Files.list(elsewhere)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void without_a_key_an_existing_privkey_is_offered_only_when_it_matches() throws Exception {
    X509Certificate leaf = PKI.leaf(key.getPublic(), "www.example.com");
    Path dir = directory.resolve("certs");
    Path privkey = dir.resolve("www.example.com").resolve("privkey.pem");

    OutputWriter.Written none =
        OutputWriter.write(dir, "www.example.com", pem(leaf), "", Optional.empty());
    Files.writeString(privkey, Pem.privateKey(TestPki.ec().getPrivate()));
    OutputWriter.Written mismatch =
        OutputWriter.write(dir, "www.example.com", pem(leaf), "", Optional.empty());
    Files.writeString(privkey, Pem.privateKey(key.getPrivate()));
    OutputWriter.Written match =
        OutputWriter.write(dir, "www.example.com", pem(leaf), "", Optional.empty());

    assertThat(none.key()).isEmpty();
    assertThat(none.note()).isEmpty();
    assertThat(mismatch.key()).isEmpty();
    assertThat(mismatch.note().orElseThrow())
        .contains("does NOT match the new certificate and was left as it is");
    assertThat(match.key()).contains(privkey.toAbsolutePath());
    assertThat(match.note().orElseThrow()).contains("matches the new certificate and is used");
  }
}
