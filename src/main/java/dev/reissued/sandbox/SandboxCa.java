package dev.reissued.sandbox;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The sandbox's certificate authority: a root and an intermediate (EC P-256, quick to make), made
 * once per sandbox or kept in its state file. Leaf certificates it issues chain to the root, so
 * {@code openssl verify -CAfile root.pem -untrusted bundle.crt leaf.crt} works on what the
 * sandbox's DownloadCertificate ships.
 */
final class SandboxCa {
  private static final Duration CA_VALIDITY = Duration.ofDays(3650);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final X509Certificate root;
  private final X509Certificate intermediate;
  private final PrivateKey intermediateKey;
  private final PrivateKey rootKey;

  private SandboxCa(
      X509Certificate root,
      PrivateKey rootKey,
      X509Certificate intermediate,
      PrivateKey intermediateKey) {
    this.root = root;
    this.rootKey = rootKey;
    this.intermediate = intermediate;
    this.intermediateKey = intermediateKey;
  }

  static SandboxCa generate(Instant now) {
    KeyPair rootPair = SandboxPem.ec("prime256v1");
    KeyPair intermediatePair = SandboxPem.ec("prime256v1");
    X500Name rootName = new X500Name("CN=reissued sandbox root CA,O=reissued sandbox");
    X500Name intermediateName = new X500Name("CN=reissued sandbox TLS CA,O=reissued sandbox");
    Instant notBefore = now.minus(Duration.ofDays(1));
    Instant notAfter = now.plus(CA_VALIDITY);
    X509Certificate root =
        sign(
            rootName,
            rootPair.getPublic(),
            rootName,
            rootPair.getPublic(),
            rootPair.getPrivate(),
            notBefore,
            notAfter,
            true,
            null);
    X509Certificate intermediate =
        sign(
            rootName,
            rootPair.getPublic(),
            intermediateName,
            intermediatePair.getPublic(),
            rootPair.getPrivate(),
            notBefore,
            notAfter,
            true,
            null);
    return new SandboxCa(root, rootPair.getPrivate(), intermediate, intermediatePair.getPrivate());
  }

  static SandboxCa fromPem(
      String rootPem, String rootKeyPem, String intermediatePem, String intermediateKeyPem) {
    return new SandboxCa(
        SandboxPem.certificate(rootPem),
        SandboxPem.privateKey(rootKeyPem),
        SandboxPem.certificate(intermediatePem),
        SandboxPem.privateKey(intermediateKeyPem));
  }

  /** A server certificate for {@code names} (the first is the subject CN) and {@code key}. */
  X509Certificate issue(List<String> names, PublicKey key, Instant notBefore, Instant notAfter) {
    X500Name subject = new X500Name("CN=" + names.get(0).replace(",", "\\,"));
    return sign(
        X500Name.getInstance(intermediate.getSubjectX500Principal().getEncoded()),
        intermediate.getPublicKey(),
        subject,
        key,
        intermediateKey,
        notBefore,
        notAfter,
        false,
        names);
  }

  String rootPem() {
    return SandboxPem.write(root);
  }

  String intermediatePem() {
    return SandboxPem.write(intermediate);
  }

  String rootKeyPem() {
    return SandboxPem.privateKey(rootKey, null);
  }

  String intermediateKeyPem() {
    return SandboxPem.privateKey(intermediateKey, null);
  }

  X509Certificate root() {
    return root;
  }

  X509Certificate intermediate() {
    return intermediate;
  }

  private static X509Certificate sign(
      X500Name issuer,
      PublicKey issuerKey,
      X500Name subject,
      PublicKey subjectKey,
      PrivateKey signingKey,
      Instant notBefore,
      Instant notAfter,
      boolean ca,
      List<String> dnsNames) {
    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              issuer,
              new BigInteger(127, RANDOM).add(BigInteger.ONE),
              Date.from(notBefore),
              Date.from(notAfter),
              subject,
              subjectKey);
      builder.addExtension(
          Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(subjectKey));
      builder.addExtension(
          Extension.authorityKeyIdentifier,
          false,
          extensions.createAuthorityKeyIdentifier(issuerKey));
      if (ca) {
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        builder.addExtension(
            Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      } else {
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(
            Extension.keyUsage,
            true,
            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        builder.addExtension(
            Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        GeneralName[] sans =
            dnsNames.stream()
                .map(name -> new GeneralName(GeneralName.dNSName, name))
                .toArray(GeneralName[]::new);
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans));
      }
      return new JcaX509CertificateConverter()
          .setProvider(SandboxPem.BC)
          .getCertificate(
              builder.build(
                  new JcaContentSignerBuilder("SHA256withECDSA")
                      .setProvider(SandboxPem.BC)
                      .build(signingKey)));
    } catch (GeneralSecurityException | CertIOException | OperatorCreationException e) {
      throw new IllegalStateException("the sandbox CA cannot sign a certificate", e);
    }
  }

  /**
   * {@code certificate} with a leaf this CA issued for its key (a key made here when the sandbox
   * does not know the holder's), or itself when it has one.
   */
  SandboxCertificate withLeaf(SandboxCertificate certificate, Instant now) {
    KeyMaterial material = certificate.material();
    if (material.certificatePem() != null) {
      return certificate;
    }
    PublicKey key;
    if (material.publicKeyPem() != null) {
      key = SandboxPem.publicKey(material.publicKeyPem());
    } else {
      // The holder's key is not the sandbox's to know; make one so the certificate is real.
      String algorithm = String.valueOf(certificate.encryptAlgorithm());
      key =
          (algorithm.startsWith("ECC") ? SandboxPem.ec("prime256v1") : SandboxPem.rsa(2048))
              .getPublic();
      material = material.withPublicKeyPem(SandboxPem.write(key));
    }
    Instant notBefore =
        certificate.notBefore() != null
            ? certificate.notBefore()
            : now.truncatedTo(ChronoUnit.SECONDS);
    Instant notAfter =
        certificate.notAfter() != null
            ? certificate.notAfter()
            : notBefore.plus(SandboxStore.FREE_VALIDITY);
    List<String> names =
        certificate.names().isEmpty() ? List.of("unnamed.invalid") : certificate.names();
    X509Certificate leaf = issue(names, key, notBefore, notAfter);
    return certificate.toBuilder()
        .material(material.withCertificatePem(SandboxPem.write(leaf)))
        .build();
  }
}
