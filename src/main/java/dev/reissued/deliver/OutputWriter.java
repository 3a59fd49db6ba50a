package dev.reissued.deliver;

import dev.reissued.keys.DomainNames;
import dev.reissued.keys.KeyException;
import dev.reissued.keys.Pem;
import dev.reissued.keys.SecureFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes a certificate into {@code <dir>/<domain>/}: {@code cert.pem} (the leaf), {@code chain.pem}
 * (the intermediates), {@code fullchain.pem} (both, what nginx's {@code ssl_certificate} wants)
 * with mode 0644, and {@code privkey.pem} (unencrypted PKCS#8) with mode 0600, each whole or not at
 * all ({@link SecureFiles}: temporary file, fsync, atomic rename). Files belong to the user
 * reissued runs as.
 *
 * <p>A wildcard's directory is {@code _wildcard.<rest>}: {@code *.example.com} goes to {@code
 * _wildcard.example.com}. The underscore cannot occur in a domain name, so this never collides with
 * a real host's directory, and a shell needs no quoting for it. Names are normalized first (lower
 * case, punycode), and the result must be one plain path segment under {@code dir}.
 *
 * <p>Without a key ({@code Original}), no {@code privkey.pem} is written. One already there is left
 * alone and offered as the key only if it belongs to the new certificate: an operator can place the
 * original certificate's key there once, and every {@code Original} re-issue deploys with it.
 */
public final class OutputWriter {
  public static final String CERT = "cert.pem";
  public static final String CHAIN = "chain.pem";
  public static final String FULLCHAIN = "fullchain.pem";
  public static final String PRIVKEY = "privkey.pem";
  private static final String WILDCARD_PREFIX = "_wildcard.";
  private static final Pattern SEGMENT = Pattern.compile("[a-z0-9_][a-z0-9._-]*");
  private static final Set<PosixFilePermission> DIRECTORY =
      PosixFilePermissions.fromString("rwxr-xr-x");

  private OutputWriter() {}

  /**
   * The files written, the key's path when there is a key to deploy, and a note when a {@code
   * privkey.pem} found in place was judged.
   */
  public record Written(
      Path directory,
      Path cert,
      Path chain,
      Path fullchain,
      Optional<Path> key,
      Optional<String> note) {}

  /** The directory name under {@code output.dir} for a certificate's domain. */
  public static String directoryName(String domain) {
    String normalized;
    try {
      normalized = DomainNames.normalize(domain);
    } catch (KeyException invalid) {
      throw new DeployException("cannot choose an output directory: " + invalid.getMessage());
    }
    String name =
        normalized.startsWith("*.") ? WILDCARD_PREFIX + normalized.substring(2) : normalized;
    if (!SEGMENT.matcher(name).matches() || name.contains("..")) {
      throw new DeployException(
          "cannot choose an output directory for '"
              + domain
              + "': '"
              + name
              + "' is not a plain name");
    }
    return name;
  }

  /**
   * Writes the files. {@code key} is empty when there is no key on record; the certificates are
   * written either way.
   */
  public static Written write(
      Path dir, String domain, String certificatePem, String chainPem, Optional<PrivateKey> key) {
    Path base = dir.toAbsolutePath().normalize();
    Path directory = base.resolve(directoryName(domain)).normalize();
    if (!base.equals(directory.getParent())) {
      throw new DeployException(
          "refusing to write " + directory + ": it is not directly under " + base);
    }
    // output.dir itself may be a symbolic link an operator made; a domain directory may not.
    createDirectory(base, true);
    createDirectory(directory, false);
    Path cert = directory.resolve(CERT);
    Path chain = directory.resolve(CHAIN);
    Path fullchain = directory.resolve(FULLCHAIN);
    Path privkey = directory.resolve(PRIVKEY);
    try {
      if (key.isPresent()) {
        byte[] pem = Pem.privateKey(key.get()).getBytes(StandardCharsets.US_ASCII);
        try {
          SecureFiles.writePrivate(privkey, pem);
        } finally {
          Arrays.fill(pem, (byte) 0);
        }
      }
      SecureFiles.writePublic(cert, certificatePem.getBytes(StandardCharsets.US_ASCII));
      SecureFiles.writePublic(chain, chainPem.getBytes(StandardCharsets.US_ASCII));
      SecureFiles.writePublic(
          fullchain, (certificatePem + chainPem).getBytes(StandardCharsets.US_ASCII));
    } catch (KeyException failure) {
      throw new DeployException(failure.getMessage(), failure);
    }
    return existing(directory, certificatePem, key.isPresent());
  }

  /**
   * The files as written earlier into {@code directory}. Without a key on record, a {@code
   * privkey.pem} found there is offered only if it belongs to the certificate.
   */
  public static Written existing(Path directory, String certificatePem, boolean keyWritten) {
    Path cert = directory.resolve(CERT);
    Path chain = directory.resolve(CHAIN);
    Path fullchain = directory.resolve(FULLCHAIN);
    Path privkey = directory.resolve(PRIVKEY);
    if (keyWritten) {
      return new Written(directory, cert, chain, fullchain, Optional.of(privkey), Optional.empty());
    }
    if (!Files.isRegularFile(privkey, LinkOption.NOFOLLOW_LINKS)) {
      return new Written(directory, cert, chain, fullchain, Optional.empty(), Optional.empty());
    }
    boolean matches;
    try {
      PrivateKey existing =
          Pem.parsePrivateKey(Files.readString(privkey, StandardCharsets.US_ASCII));
      var certificates = PemCertificates.in(certificatePem);
      matches =
          !certificates.isEmpty() && KeyMatch.matches(existing, certificates.get(0).getPublicKey());
    } catch (IOException | RuntimeException unreadable) {
      matches = false;
    }
    return matches
        ? new Written(
            directory,
            cert,
            chain,
            fullchain,
            Optional.of(privkey),
            Optional.of(
                privkey + " (placed there earlier) matches the new certificate and is used"))
        : new Written(
            directory,
            cert,
            chain,
            fullchain,
            Optional.empty(),
            Optional.of(
                privkey
                    + " (placed there earlier) does NOT match the new certificate and was left as"
                    + " it is; REISSUED_KEY_PATH is empty"));
  }

  private static void createDirectory(Path directory, boolean mayBeLink) {
    try {
      if (!mayBeLink && Files.isSymbolicLink(directory)) {
        throw new DeployException(
            "refusing to write through " + directory + ": it is a symbolic link");
      }
      if (Files.isDirectory(directory)) {
        return;
      }
      Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(DIRECTORY));
      // The umask may have narrowed it; certificates are public, and privkey.pem is 0600 itself.
      Files.setPosixFilePermissions(directory, DIRECTORY);
    } catch (IOException | UnsupportedOperationException failure) {
      throw new DeployException(
          "cannot create output directory " + directory + ": " + failure.getMessage(), failure);
    }
  }
}
