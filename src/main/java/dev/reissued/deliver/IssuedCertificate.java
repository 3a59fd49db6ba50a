package dev.reissued.deliver;

import dev.reissued.keys.BouncyCastle;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * A re-issued certificate as found in its archive: the leaf, and the chain that leads from it to
 * (not including) a self-signed root, each link checked by signature. {@link #find} picks the leaf
 * and {@link #requireNames} checks it against what was asked.
 */
public record IssuedCertificate(
    String certificateId, X509Certificate leaf, List<X509Certificate> chain) {
  private static final int MAX_CHAIN = 10;
  private static final int DNS_NAME = 2;
  private static final Base64.Encoder PEM_BASE64 = Base64.getMimeEncoder(64, new byte[] {'\n'});

  public IssuedCertificate {
    chain = List.copyOf(chain);
  }

  /**
   * The leaf for {@code domain}: among the archive's end-entity certificates, one whose public key
   * belongs to {@code expectedKey} when one is known, else one whose names cover the domain; the
   * latest-expiring if several qualify. Fails naming the archive's entries when none does.
   */
  public static IssuedCertificate find(
      CertificateArchive archive, String domain, Optional<PrivateKey> expectedKey) {
    List<X509Certificate> leaves =
        archive.certificates().stream()
            .filter(certificate -> certificate.getBasicConstraints() < 0)
            .toList();
    List<X509Certificate> candidates = List.of();
    if (expectedKey.isPresent()) {
      candidates =
          leaves.stream()
              .filter(leaf -> KeyMatch.matches(expectedKey.get(), leaf.getPublicKey()))
              .toList();
    }
    if (candidates.isEmpty()) {
      candidates = leaves.stream().filter(leaf -> covers(namesOf(leaf), domain)).toList();
    }
    if (candidates.isEmpty()) {
      throw new DeployException(
          "archive of certificate "
              + archive.certificateId()
              + " holds no certificate for "
              + domain
              + ": "
              + describeContents(archive, leaves));
    }
    X509Certificate leaf =
        candidates.stream()
            .max(
                Comparator.comparing(X509Certificate::getNotAfter)
                    .thenComparing(X509Certificate::getNotBefore))
            .orElseThrow();
    return new IssuedCertificate(
        archive.certificateId(), leaf, chainOf(leaf, archive.certificates()));
  }

  /**
   * Fails unless the leaf names every one of {@code asked} (exactly, or by a wildcard one label
   * deep).
   */
  public void requireNames(List<String> asked) {
    List<String> names = namesOf(leaf);
    List<String> missing = asked.stream().filter(name -> !covers(names, name)).toList();
    if (!missing.isEmpty()) {
      throw new DeployException(
          "certificate "
              + certificateId
              + " does not cover "
              + String.join(", ", missing)
              + "; it names "
              + (names.isEmpty() ? "nothing" : String.join(", ", names)));
    }
  }

  /** Fails unless {@code key} is the private key of the leaf. */
  public void requireKey(PrivateKey key, String whose) {
    if (!KeyMatch.matches(key, leaf.getPublicKey())) {
      throw new DeployException(
          "certificate "
              + certificateId
              + " ("
              + subject()
              + ") is not for "
              + whose
              + ": its public key does not"
              + " match");
    }
  }

  public boolean matchesKey(PrivateKey key) {
    return KeyMatch.matches(key, leaf.getPublicKey());
  }

  public String certificatePem() {
    return pem(leaf);
  }

  /** The intermediates, the leaf's issuer first; empty when the leaf's issuer is a root. */
  public String chainPem() {
    StringBuilder pem = new StringBuilder();
    chain.forEach(certificate -> pem.append(pem(certificate)));
    return pem.toString();
  }

  public Instant notBefore() {
    return leaf.getNotBefore().toInstant();
  }

  public Instant notAfter() {
    return leaf.getNotAfter().toInstant();
  }

  /** Upper-case hex, as {@code openssl x509 -serial} prints it. */
  public String serial() {
    return leaf.getSerialNumber().toString(16).toUpperCase(Locale.ROOT);
  }

  /**
   * SHA-256 of the leaf's DER, lower-case hex: {@code openssl x509 -noout -fingerprint -sha256},
   * without colons.
   */
  public String fingerprint() {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(PemCertificates.encoded(leaf)));
    } catch (GeneralSecurityException noSha256) {
      throw new DeployException("SHA-256 is not available: " + noSha256.getMessage(), noSha256);
    }
  }

  public String subject() {
    return leaf.getSubjectX500Principal().getName();
  }

  /**
   * The names a certificate is for: its DNS subject alternative names, else its subject CN; lower
   * case.
   */
  static List<String> namesOf(X509Certificate certificate) {
    List<String> names = new ArrayList<>();
    try {
      var alternatives = certificate.getSubjectAlternativeNames();
      if (alternatives != null) {
        for (List<?> alternative : alternatives) {
          if (alternative.size() >= 2
              && Integer.valueOf(DNS_NAME).equals(alternative.get(0))
              && alternative.get(1) instanceof String name) {
            names.add(name.toLowerCase(Locale.ROOT));
          }
        }
      }
    } catch (CertificateParsingException unreadable) {
      // Fall back to the CN below.
    }
    if (names.isEmpty()) {
      commonName(certificate).ifPresent(name -> names.add(name.toLowerCase(Locale.ROOT)));
    }
    return names;
  }

  static boolean covers(List<String> names, String asked) {
    String name = asked.toLowerCase(Locale.ROOT);
    if (names.contains(name)) {
      return true;
    }
    int dot = name.indexOf('.');
    return !name.startsWith("*.") && dot > 0 && names.contains("*" + name.substring(dot));
  }

  private static Optional<String> commonName(X509Certificate certificate) {
    try {
      for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          return Optional.of(String.valueOf(rdn.getValue()));
        }
      }
    } catch (InvalidNameException unreadable) {
      // No usable CN.
    }
    return Optional.empty();
  }

  private static List<X509Certificate> chainOf(X509Certificate leaf, List<X509Certificate> pool) {
    List<X509Certificate> chain = new ArrayList<>();
    X509Certificate current = leaf;
    while (chain.size() < MAX_CHAIN && !isSelfSigned(current)) {
      X509Certificate child = current;
      Optional<X509Certificate> issuer =
          pool.stream()
              .filter(
                  candidate ->
                      candidate != child && candidate != leaf && !chain.contains(candidate))
              .filter(
                  candidate ->
                      candidate.getSubjectX500Principal().equals(child.getIssuerX500Principal()))
              .filter(candidate -> signedBy(child, candidate))
              .findFirst();
      if (issuer.isEmpty() || isSelfSigned(issuer.get())) {
        break;
      }
      chain.add(issuer.get());
      current = issuer.get();
    }
    return chain;
  }

  private static boolean isSelfSigned(X509Certificate certificate) {
    return certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())
        && signedBy(certificate, certificate);
  }

  private static boolean signedBy(X509Certificate certificate, X509Certificate issuer) {
    try {
      certificate.verify(issuer.getPublicKey(), BouncyCastle.PROVIDER);
      return true;
    } catch (GeneralSecurityException | RuntimeException notSigned) {
      return false;
    }
  }

  static String pem(X509Certificate certificate) {
    return "-----BEGIN CERTIFICATE-----\n"
        + PEM_BASE64.encodeToString(PemCertificates.encoded(certificate))
        + "\n-----END CERTIFICATE-----\n";
  }

  private static String describeContents(CertificateArchive archive, List<X509Certificate> leaves) {
    List<String> found = new ArrayList<>();
    for (X509Certificate leaf : leaves) {
      found.add(String.join("/", namesOf(leaf)));
    }
    String certificates =
        archive.certificates().isEmpty()
            ? "no certificates"
            : archive.certificates().size()
                + " certificates"
                + (found.isEmpty()
                    ? ", none an end-entity certificate"
                    : ", end-entity for " + String.join(", ", found));
    String unreadable =
        archive.unreadableCertificates() == 0
            ? ""
            : ", " + archive.unreadableCertificates() + " unreadable";
    String unclosed =
        archive.unclosedBlocks() == 0
            ? ""
            : ", " + archive.unclosedBlocks() + " PEM blocks that never end";
    return certificates + unreadable + unclosed + "; entries " + archive.describeEntries();
  }
}
