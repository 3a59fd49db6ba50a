package dev.reissued.keys;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the OpenSSL command line for interoperability tests; skips them where it is absent. */
public final class OpenSsl {
  public static final Path BINARY = Path.of("/usr/bin/openssl");

  /** Exit code and stdout+stderr of one openssl run. */
  public record Result(int exitCode, String output) {}

  private OpenSsl() {}

  public static void assumeAvailable() {
    assumeTrue(Files.isExecutable(BINARY), "OpenSSL is not installed at " + BINARY);
  }

  public static Result run(Path directory, String... arguments)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(BINARY.toString());
    command.addAll(List.of(arguments));
    Process process =
        new ProcessBuilder(command)
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("openssl " + String.join(" ", arguments) + " did not finish");
    }
    return new Result(process.exitValue(), output);
  }

  /**
   * {@code openssl req -verify -text}; for SM2 with the standard's default signer ID (GM/T 0009:
   * 1234567812345678), which BouncyCastle signs with and OpenSSL 3.0 does not assume.
   */
  public static String[] verifyCommand(KeySpec spec, String csrFile) {
    List<String> command =
        new ArrayList<>(List.of("req", "-in", csrFile, "-noout", "-verify", "-text"));
    if (spec.algorithm() == KeyAlgorithm.SM2) {
      command.addAll(List.of("-vfyopt", "distid:1234567812345678"));
    }
    return command.toArray(String[]::new);
  }

  public static String keyDescription(KeySpec spec) {
    return switch (spec.algorithm()) {
      case RSA -> "Public-Key: (" + spec.parameter() + " bit)";
      case ECC -> "ASN1 OID: " + spec.parameter();
      case SM2 -> "ASN1 OID: SM2";
    };
  }
}
