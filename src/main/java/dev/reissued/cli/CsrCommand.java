package dev.reissued.cli;

import dev.reissued.keys.Csr;
import dev.reissued.keys.DomainNames;
import dev.reissued.keys.KeyAlgorithm;
import dev.reissued.keys.KeyException;
import dev.reissued.keys.KeySpec;
import dev.reissued.keys.PasswordChars;
import dev.reissued.keys.Pem;
import dev.reissued.keys.SecureFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code reissued csr}: a private key and CSR exactly as the daemon makes them for {@code
 * CsrType=Upload}, for operators who want to preview or prepare one. Every input is checked before
 * anything is written, so a usage error (exit 2) leaves no file behind.
 */
@Command(
    name = "csr",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Writes a private key and a CSR exactly as the daemon would make them.",
      "Needs no config file and no database."
    },
    footer = {
      "",
      "The key is PKCS#8 PEM, mode 0600; with --key-password-file it is encrypted",
      "(PBES2: AES-256-CBC, PBKDF2-HMAC-SHA256) and opens with openssl pkey -passin.",
      "The CSR is PEM, mode 0644. Existing files are kept unless --force is given.",
      "",
      "Exit codes: 0 written, 1 a write failed, 2 invalid input (nothing written).",
      "",
      "Example:",
      "  reissued csr --domain example.com --san www.example.com --algorithm ECC \\",
      "      --key-out example.key --csr-out example.csr"
    })
public final class CsrCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--domain",
      required = true,
      paramLabel = "D",
      description = "The certificate's domain: the CSR's CN and first subjectAltName.")
  String domain;

  @Option(
      names = "--san",
      paramLabel = "NAME",
      description =
          "Another name for the subjectAltName; repeat for more. Wildcards (*.example.com) and"
              + " internationalized names (converted to punycode) are allowed.")
  List<String> alternativeNames = new ArrayList<>();

  @Option(
      names = "--algorithm",
      required = true,
      paramLabel = "RSA|ECC|SM2",
      description = "Key algorithm.")
  String algorithm;

  @Option(
      names = "--parameter",
      paramLabel = "P",
      description =
          "RSA key size 2048 (default), 3072 or 4096; ECC curve prime256v1 (default) or"
              + " secp384r1; SM2 curve sm2p256v1 (default).")
  String parameter;

  @Option(
      names = "--key-out",
      required = true,
      paramLabel = "F",
      description = "Where to write the private key.")
  Path keyOut;

  @Option(
      names = "--csr-out",
      required = true,
      paramLabel = "F",
      description = "Where to write the CSR.")
  Path csrOut;

  @Option(
      names = "--key-password-file",
      paramLabel = "F",
      description =
          "Encrypt the key with the password in this file (one trailing newline is ignored).")
  Path keyPasswordFile;

  @Option(names = "--force", description = "Replace existing key and CSR files.")
  boolean force;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    Request request;
    try {
      request = validate();
    } catch (UsageException usage) {
      err.println("reissued csr: " + usage.getMessage());
      return ExitCode.USAGE;
    }
    try {
      write(request);
    } finally {
      if (request.password() != null) {
        Arrays.fill(request.password(), '\0');
      }
    }
    return ExitCode.OK;
  }

  /** Everything the command needs, checked. */
  private record Request(
      KeySpec keySpec,
      String domain,
      List<String> alternativeNames,
      Path keyOut,
      Path csrOut,
      char[] password) {}

  private Request validate() {
    option("--algorithm", () -> KeyAlgorithm.parse(algorithm));
    KeySpec keySpec = option("--parameter", () -> KeySpec.of(algorithm, parameter));
    String normalizedDomain = option("--domain", () -> DomainNames.normalize(domain));
    List<String> normalizedAlternatives = new ArrayList<>();
    for (String name : alternativeNames) {
      normalizedAlternatives.add(option("--san", () -> DomainNames.normalize(name)));
    }
    Path key = output("--key-out", keyOut);
    Path csr = output("--csr-out", csrOut);
    if (key.equals(csr)) {
      throw new UsageException("--csr-out: " + csrOut + " is the same file as --key-out");
    }
    char[] password = null;
    if (keyPasswordFile != null) {
      if (keyPasswordFile.toAbsolutePath().normalize().equals(key)) {
        throw new UsageException(
            "--key-out: " + keyOut + " is the password file; refusing to overwrite it");
      }
      password = readPassword(keyPasswordFile);
    }
    return new Request(keySpec, normalizedDomain, normalizedAlternatives, key, csr, password);
  }

  private Path output(String option, Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    Path directory = absolute.getParent();
    if (directory == null || !Files.isDirectory(directory)) {
      throw new UsageException(option + ": directory " + directory + " does not exist");
    }
    if (Files.isDirectory(absolute)) {
      throw new UsageException(option + ": " + path + " is a directory");
    }
    if (Files.exists(absolute, LinkOption.NOFOLLOW_LINKS) && !force) {
      throw new UsageException(option + ": " + path + " exists; pass --force to replace it");
    }
    return absolute;
  }

  private static char[] readPassword(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException unreadable) {
      throw new UsageException(
          "--key-password-file: "
              + file
              + " cannot be read ("
              + unreadable.getClass().getSimpleName()
              + ")");
    }
    try {
      char[] password = PasswordChars.fromUtf8Line(bytes);
      if (password.length == 0) {
        throw new UsageException("--key-password-file: " + file + " is empty");
      }
      return password;
    } catch (CharacterCodingException notUtf8) {
      throw new UsageException("--key-password-file: " + file + " is not UTF-8 text");
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  private void write(Request request) {
    Csr csr = Csr.create(request.domain(), request.alternativeNames(), request.keySpec());
    String keyPem =
        request.password() == null
            ? Pem.privateKey(csr.keyPair().getPrivate())
            : Pem.privateKey(csr.keyPair().getPrivate(), request.password());
    SecureFiles.writePrivate(request.keyOut(), keyPem.getBytes(StandardCharsets.US_ASCII));
    try {
      SecureFiles.writePublic(request.csrOut(), csr.pem().getBytes(StandardCharsets.US_ASCII));
    } catch (KeyException csrFailed) {
      // A key without its CSR is half a result; take it back so a rerun starts clean.
      try {
        Files.deleteIfExists(request.keyOut());
      } catch (IOException alsoFailed) {
        csrFailed.addSuppressed(alsoFailed);
      }
      throw csrFailed;
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println("algorithm:  " + csr.spec() + " (" + csr.spec().signatureAlgorithm() + ")");
    out.println("names:      " + String.join(", ", csr.names()));
    out.println(
        "key:        "
            + request.keyOut()
            + " (mode 0600, PKCS#8"
            + (request.password() == null ? "" : ", encrypted")
            + ")");
    out.println("csr:        " + request.csrOut());
    out.println("public key: SHA-256 " + csr.publicKeyFingerprint());
    out.flush();
  }

  private static <T> T option(String option, Supplier<T> parse) {
    try {
      return parse.get();
    } catch (KeyException invalid) {
      throw new UsageException(option + ": " + invalid.getMessage());
    }
  }

  /** Invalid input, reported as one line and exit code 2 before anything is written. */
  private static final class UsageException extends RuntimeException {
    UsageException(String message) {
      super(message, null, false, false);
    }
  }
}
