package dev.reissued.deliver;

import dev.reissued.keys.BouncyCastle;
import dev.reissued.keys.PemBlocks;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/** X.509 certificates in PEM text: found, parsed without ever failing the caller, and encoded. */
final class PemCertificates {
  static final Set<String> LABELS = Set.of("CERTIFICATE", "X509 CERTIFICATE");

  private PemCertificates() {}

  /**
   * The certificates in PEM text, in order; blocks that do not parse are skipped, and so is
   * everything past the first {@value CertificateArchive#MAX_PEM_BLOCKS} blocks.
   */
  static List<X509Certificate> in(String pem) {
    List<X509Certificate> found = new ArrayList<>();
    for (PemBlocks.Block block : PemBlocks.scan(pem, CertificateArchive.MAX_PEM_BLOCKS).blocks()) {
      if (LABELS.contains(block.label())) {
        X509Certificate certificate = parse(block.body());
        if (certificate != null) {
          found.add(certificate);
        }
      }
    }
    return found;
  }

  /** The certificate in a block's base64 body, or null when it does not parse. */
  static X509Certificate parse(String base64) {
    try {
      byte[] der = Base64.getMimeDecoder().decode(base64.strip());
      CertificateFactory factory = CertificateFactory.getInstance("X.509", BouncyCastle.PROVIDER);
      return (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der));
    } catch (CertificateException | IllegalArgumentException | ClassCastException unreadable) {
      return null;
    } catch (StackOverflowError nestedTooDeeply) {
      // The ASN.1 parser recurses per nesting level; 100,000 nested SEQUENCEs fit in 400 KB.
      // The stack is unwound by now, and the block is as unreadable as any other.
      return null;
    }
  }

  static byte[] encoded(X509Certificate certificate) {
    try {
      return certificate.getEncoded();
    } catch (java.security.cert.CertificateEncodingException impossible) {
      throw new DeployException(
          "a parsed certificate cannot be encoded again: " + impossible.getMessage(), impossible);
    }
  }
}
