package dev.reissued.sandbox;

import java.io.IOException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;

/**
 * What the sandbox checks of an uploaded CSR: PEM PKCS#10, a valid signature, its names, its key.
 */
final class CsrCheck {
  /** The facts of a CSR that passed parsing and signature verification. */
  record Facts(PublicKey publicKey, String keyAlgorithm, int keySize, Set<String> names) {
    boolean isRsa2048() {
      return keyAlgorithm.equals("RSA") && keySize == 2048;
    }
  }

  private CsrCheck() {}

  static Facts parse(String pem) {
    if (pem == null || pem.isBlank()) {
      throw invalid("CsrContent is empty.");
    }
    Object object = SandboxPem.read(pem);
    if (!(object instanceof PKCS10CertificationRequest csr)) {
      throw invalid("CsrContent is not a PEM certificate request.");
    }
    PublicKey key;
    try {
      if (!csr.isSignatureValid(
          new JcaContentVerifierProviderBuilder()
              .setProvider(SandboxPem.BC)
              .build(csr.getSubjectPublicKeyInfo()))) {
        throw invalid("The CSR signature does not verify.");
      }
      key =
          new JcaPEMKeyConverter()
              .setProvider(SandboxPem.BC)
              .getPublicKey(csr.getSubjectPublicKeyInfo());
    } catch (OperatorCreationException | PKCSException | IOException e) {
      throw invalid("The CSR signature cannot be checked.");
    }
    Set<String> names = new LinkedHashSet<>();
    for (RDN rdn : csr.getSubject().getRDNs(BCStyle.CN)) {
      names.add(IETFUtils.valueToString(rdn.getFirst().getValue()).toLowerCase(Locale.ROOT));
    }
    for (Attribute attribute :
        csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
      for (ASN1Encodable value : attribute.getAttributeValues()) {
        GeneralNames sans =
            GeneralNames.fromExtensions(
                Extensions.getInstance(value), Extension.subjectAlternativeName);
        if (sans == null) {
          continue;
        }
        for (GeneralName name : sans.getNames()) {
          if (name.getTagNo() == GeneralName.dNSName) {
            names.add(name.getName().toString().toLowerCase(Locale.ROOT));
          }
        }
      }
    }
    if (key instanceof RSAPublicKey rsa) {
      return new Facts(key, "RSA", rsa.getModulus().bitLength(), names);
    }
    if (key instanceof ECPublicKey ec) {
      return new Facts(key, "EC", ec.getParams().getCurve().getField().getFieldSize(), names);
    }
    return new Facts(key, key.getAlgorithm(), 0, names);
  }

  private static SandboxError invalid(String message) {
    return new SandboxError("InvalidParameter.RenewCsrInvalid", message);
  }
}
