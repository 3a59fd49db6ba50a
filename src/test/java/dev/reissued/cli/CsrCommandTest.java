package dev.reissued.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.reissued.keys.BouncyCastle;
import dev.reissued.keys.KeyPairs;
import dev.reissued.keys.KeySpec;
import dev.reissued.keys.OpenSsl;
import dev.reissued.keys.Pem;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CsrCommandTest {
  @TempDir Path directory;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @ParameterizedTest
  @CsvSource({"RSA, '', RSA 2048", "ECC, secp384r1, ECC secp384r1", "SM2, '', SM2 sm2p256v1"})
  void each_algorithm_should_write_a_0600_key_and_a_csr_openssl_verifies(
      String algorithm, String parameter, String expectedSpec) throws Exception {
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "--domain", "example.com",
                "--san", "www.example.com",
                "--san", "*.bücher.example",
                "--algorithm", algorithm,
                "--key-out", "key.pem",
                "--csr-out", "csr.pem"));
    if (!parameter.isEmpty()) {
      arguments.addAll(List.of("--parameter", parameter));
    }

    int exitCode = run(arguments.toArray(String[]::new));

    assertThat(exitCode).as(err.toString()).isEqualTo(ExitCode.OK);
    Path key = directory.resolve("key.pem");
    Path csr = directory.resolve("csr.pem");
    assertThat(mode(key)).isEqualTo("rw-------");
    assertThat(mode(csr)).isEqualTo("rw-r--r--");
    PrivateKey privateKey = Pem.parsePrivateKey(Files.readString(key));
    PKCS10CertificationRequest request = Pem.parseCsr(Files.readString(csr));
    var publicKey =
        new JcaPKCS10CertificationRequest(request)
            .setProvider(BouncyCastle.PROVIDER)
            .getPublicKey();
    KeySpec spec = KeyPairs.specOf(publicKey);
    assertThat(spec).hasToString(expectedSpec);
    assertThat(privateKey.getEncoded()).isNotEmpty();
    assertThat(out.toString())
        .contains(expectedSpec)
        .contains("example.com, www.example.com, *.xn--bcher-kva.example")
        .contains(key.toString())
        .contains(csr.toString())
        .contains("SHA-256 " + KeyPairs.fingerprint(publicKey));
    assertThat(err.toString()).isEmpty();

    OpenSsl.assumeAvailable();
    OpenSsl.Result verified = OpenSsl.run(directory, OpenSsl.verifyCommand(spec, "csr.pem"));
    assertThat(verified.exitCode()).as(verified.output()).isZero();
    assertThat(verified.output())
        .contains("verify OK", "Subject: CN = example.com", OpenSsl.keyDescription(spec))
        .contains("DNS:example.com, DNS:www.example.com, DNS:*.xn--bcher-kva.example");
    OpenSsl.Result keyPublic = OpenSsl.run(directory, "pkey", "-in", "key.pem", "-pubout");
    OpenSsl.Result csrPublic = OpenSsl.run(directory, "req", "-in", "csr.pem", "-noout", "-pubkey");
    assertThat(keyPublic.output()).isEqualTo(csrPublic.output());
  }

  @Test
  void a_key_password_file_should_give_an_encrypted_key_that_openssl_opens() throws Exception {
    Files.writeString(directory.resolve("pw"), "Correct-Horse-9\n");

    int exitCode =
        run(
            "--domain", "example.com",
            "--algorithm", "ECC",
            "--key-out", "key.pem",
            "--csr-out", "csr.pem",
            "--key-password-file", "pw");

    assertThat(exitCode).as(err.toString()).isEqualTo(ExitCode.OK);
    String keyPem = Files.readString(directory.resolve("key.pem"));
    assertThat(keyPem).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
    assertThat(Pem.parsePrivateKey(keyPem, "Correct-Horse-9".toCharArray()).getEncoded())
        .isNotEmpty();
    assertThat(out.toString()).contains("encrypted").doesNotContain("Correct-Horse-9");

    OpenSsl.assumeAvailable();
    OpenSsl.Result opened =
        OpenSsl.run(directory, "pkey", "-in", "key.pem", "-passin", "file:pw", "-noout");
    assertThat(opened.exitCode()).as(opened.output()).isZero();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--parameter 1024 | --parameter: RSA key size 1024 is not allowed; use 2048, 3072 or 4096",
        "--parameter secp521r1 | --parameter: RSA key size secp521r1 is not allowed; use 2048, 3072"
            + " or 4096",
        "--domain foo..example.com | --domain: 'foo..example.com' is not a valid domain name: empty"
            + " label",
        "--domain *. | --domain: '*.' is not a valid domain name: a wildcard needs a domain after"
            + " it",
        "--san www.*.example.com | --san: 'www.*.example.com' is not a valid domain name: a"
            + " wildcard is allowed only as the leftmost label",
        "--algorithm DSA | --algorithm: key algorithm 'DSA' is not supported; use RSA, ECC or SM2",
        "--key-out missing/key.pem | --key-out: directory ",
        "--csr-out key.pem | --csr-out: key.pem is the same file as --key-out",
        "--key-password-file empty | --key-password-file: empty is empty",
        "--key-password-file absent | --key-password-file: absent cannot be read",
      })
  void invalid_input_should_exit_2_with_one_line_naming_it_and_write_nothing(
      String override, String message) throws Exception {
    Files.writeString(directory.resolve("empty"), "\n");

    int exitCode = run(withOverride(override));

    assertThat(exitCode).isEqualTo(ExitCode.USAGE);
    assertThat(errors()).startsWith("reissued csr: " + message).hasLineCount(1);
    assertThat(out.toString()).isEmpty();
    try (Stream<Path> files = Files.list(directory)) {
      assertThat(files).containsExactly(directory.resolve("empty"));
    }
  }

  @Test
  void an_existing_key_should_be_kept_unless_force_is_given() throws Exception {
    Path key = Files.writeString(directory.resolve("key.pem"), "precious");

    int refused = run(withOverride(""));

    assertThat(refused).isEqualTo(ExitCode.USAGE);
    assertThat(errors())
        .isEqualTo("reissued csr: --key-out: key.pem exists; pass --force to replace it\n");
    assertThat(Files.readString(key)).isEqualTo("precious");
    assertThat(directory.resolve("csr.pem")).doesNotExist();

    int forced = run(withOverride("--force"));

    assertThat(forced).isEqualTo(ExitCode.OK);
    assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(mode(key)).isEqualTo("rw-------");
  }

  @Test
  void a_missing_required_option_should_be_a_usage_error() {
    int exitCode = run("--domain", "example.com", "--key-out", "k", "--csr-out", "c");

    assertThat(exitCode).isEqualTo(ExitCode.USAGE);
    assertThat(err.toString()).contains("Missing required option: '--algorithm=RSA|ECC|SM2'");
  }

  @Test
  void a_write_that_fails_at_run_time_should_exit_1_and_leave_no_key() {
    Path unwritable = Path.of("/proc/self");
    assumeTrue(Files.isDirectory(unwritable), "needs /proc");

    int exitCode =
        Main.run(
            new String[] {
              "csr",
              "--domain",
              "example.com",
              "--algorithm",
              "ECC",
              "--key-out",
              directory.resolve("key.pem").toString(),
              "--csr-out",
              unwritable.resolve("csr.pem").toString()
            },
            new PrintWriter(out, true),
            new PrintWriter(err, true));

    assertThat(exitCode).isEqualTo(ExitCode.FAILURE);
    assertThat(err.toString()).startsWith("reissued: cannot write /proc/self/csr.pem");
    assertThat(directory.resolve("key.pem")).doesNotExist();
  }

  @Test
  void help_should_mention_force_and_the_exit_codes() {
    int exitCode = run("--help");

    assertThat(exitCode).isEqualTo(ExitCode.OK);
    assertThat(out.toString())
        .contains("--force", "Replace existing key and CSR files", "Exit codes");
  }

  /** The happy-path RSA arguments with one option replaced or added. */
  private String[] withOverride(String override) {
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "--domain", "example.com",
                "--algorithm", "RSA",
                "--key-out", "key.pem",
                "--csr-out", "csr.pem"));
    List<String> extra = override.isBlank() ? List.of() : List.of(override.split(" "));
    if (!extra.isEmpty() && arguments.contains(extra.get(0))) {
      arguments.set(arguments.indexOf(extra.get(0)) + 1, extra.get(1));
    } else {
      arguments.addAll(extra);
    }
    return arguments.toArray(String[]::new);
  }

  /** Runs `reissued csr` with relative paths resolved in the test's directory. */
  private int run(String... arguments) {
    List<String> command = new ArrayList<>();
    command.add("csr");
    for (int index = 0; index < arguments.length; index++) {
      String argument = arguments[index];
      boolean isPath =
          index > 0
              && List.of("--key-out", "--csr-out", "--key-password-file")
                  .contains(arguments[index - 1]);
      command.add(isPath ? directory.resolve(argument).toString() : argument);
    }
    return Main.run(
        command.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
  }

  /** What the command printed to stderr, with the test directory left out of paths. */
  private String errors() {
    return err.toString().replace(directory + "/", "");
  }

  private static String mode(Path file) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
  }
}
