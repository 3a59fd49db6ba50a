package dev.reissued.deliver;

import dev.reissued.keys.BouncyCastle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A root, an intermediate and leaves signed by it (EC P-256: quick), and ZIPs laid out at will. */
final class TestPki {
  private static final AtomicLong SERIAL = new AtomicLong(1000);
  final KeyPair rootKey = ec();
  final X509Certificate root =
      sign(
          "CN=test root",
          rootKey.getPublic(),
          "CN=test root",
          rootKey.getPrivate(),
          true,
          List.of());
  final KeyPair intermediateKey = ec();
  final X509Certificate intermediate =
      sign(
          "CN=test intermediate",
          intermediateKey.getPublic(),
          "CN=test root",
          rootKey.getPrivate(),
          true,
          List.of());

  /**
   * A leaf for {@code names} (the first is the CN) with {@code key}, signed by the intermediate.
   */
  X509Certificate leaf(PublicKey key, String... names) {
    return sign(
        "CN=" + names[0],
        key,
        "CN=test intermediate",
        intermediateKey.getPrivate(),
        false,
        List.of(names));
  }

  static KeyPair ec() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", BouncyCastle.PROVIDER);
      generator.initialize(new ECGenParameterSpec("prime256v1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static String pem(X509Certificate... certificates) {
    StringBuilder text = new StringBuilder();
    for (X509Certificate certificate : certificates) {
      text.append(IssuedCertificate.pem(certificate));
    }
    return text.toString();
  }

  /** A ZIP of the given entries, in order; a null value makes a directory entry. */
  static byte[] zip(Map<String, byte[]> entries) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(entry.getKey()));
        if (entry.getValue() != null) {
          zip.write(entry.getValue());
        }
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  private static X509Certificate sign(
      String subject,
      PublicKey key,
      String issuer,
      PrivateKey issuerKey,
      boolean ca,
      List<String> names) {
    try {
      Instant now = Instant.now();
      var builder =
          new JcaX509v3CertificateBuilder(
              new X500Name(issuer),
              BigInteger.valueOf(SERIAL.incrementAndGet()),
              Date.from(now.minus(Duration.ofDays(1))),
              Date.from(now.plus(Duration.ofDays(90))),
              new X500Name(subject),
              key);
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
      if (!names.isEmpty()) {
        builder.addExtension(
            Extension.subjectAlternativeName,
            false,
            new GeneralNames(
                names.stream()
                    .map(name -> new GeneralName(GeneralName.dNSName, name))
                    .toArray(GeneralName[]::new)));
      }
      var signer =
          new JcaContentSignerBuilder("SHA256withECDSA")
              .setProvider(BouncyCastle.PROVIDER)
              .build(issuerKey);
      return new JcaX509CertificateConverter()
          .setProvider(BouncyCastle.PROVIDER)
          .getCertificate(builder.build(signer));
    } catch (GeneralSecurityException
        | IOException
        | org.bouncycastle.operator.OperatorCreationException e) {
      throw new IllegalStateException(e);
    }
  }
}
