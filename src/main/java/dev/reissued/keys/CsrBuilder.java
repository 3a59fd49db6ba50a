package dev.reissued.keys;

import java.io.IOException;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * Builds a PKCS#10 CSR the way acme4j's {@code CSRBuilder} does:
 *
 * <pre>{@code
 * CsrBuilder builder = new CsrBuilder().domain("example.com").alternativeNames(List.of("*.example.com"));
 * builder.sign(keyPair, KeySpec.RSA_2048);
 * String pem = builder.pem(); // or builder.getEncoded() for DER, builder.request() for BouncyCastle's
 * }</pre>
 *
 * <p>The subject is {@code CN=<domain>}; the subjectAltName extension lists the domain first, then
 * every alternative name, each normalized by {@link DomainNames} (so a bad name fails when it is
 * added) and duplicates dropped. The signature algorithm follows the key: {@link
 * KeySpec#signatureAlgorithm()}. For the usual case of a fresh key, {@link Csr#create} does it all.
 *
 * <p>Not thread-safe: one builder per CSR.
 */
public final class CsrBuilder {
  private String domain;
  private final List<String> alternativeNames = new ArrayList<>();
  private PKCS10CertificationRequest request;

  public CsrBuilder domain(String name) {
    domain = DomainNames.normalize(name);
    return this;
  }

  public CsrBuilder alternativeName(String name) {
    alternativeNames.add(DomainNames.normalize(name));
    return this;
  }

  public CsrBuilder alternativeNames(Collection<String> names) {
    names.forEach(this::alternativeName);
    return this;
  }

  /** The domain first, then the alternative names, without duplicates: what the SAN will list. */
  public List<String> names() {
    if (domain == null) {
      throw new KeyException("a CSR needs a domain");
    }
    List<String> names = new ArrayList<>();
    names.add(domain);
    alternativeNames.stream().filter(name -> !names.contains(name)).forEach(names::add);
    return List.copyOf(names);
  }

  /** Signs with the key pair, which must be of the given specification. */
  public CsrBuilder sign(KeyPair keyPair, KeySpec spec) {
    KeySpec actual = KeyPairs.specOf(keyPair.getPublic());
    if (!actual.equals(spec)) {
      throw new KeyException("the key pair is " + actual + " but the CSR was asked for " + spec);
    }
    List<String> names = names();
    X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, domain).build();
    GeneralName[] dnsNames =
        names.stream()
            .map(name -> new GeneralName(GeneralName.dNSName, name))
            .toArray(GeneralName[]::new);
    try {
      ExtensionsGenerator extensions = new ExtensionsGenerator();
      // Not critical: the subject is not empty, so RFC 5280 leaves the extension non-critical.
      extensions.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(dnsNames));
      request =
          new JcaPKCS10CertificationRequestBuilder(subject, keyPair.getPublic())
              .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate())
              .build(
                  new JcaContentSignerBuilder(spec.signatureAlgorithm())
                      .setProvider(BouncyCastle.PROVIDER)
                      .build(keyPair.getPrivate()));
    } catch (IOException | OperatorCreationException failure) {
      throw new KeyException(
          "cannot sign the CSR for "
              + domain
              + " with "
              + spec.signatureAlgorithm()
              + ": "
              + failure.getMessage(),
          failure);
    }
    return this;
  }

  public PKCS10CertificationRequest request() {
    if (request == null) {
      throw new IllegalStateException("sign the CSR before reading it");
    }
    return request;
  }

  /** DER encoding. */
  public byte[] getEncoded() {
    try {
      return request().getEncoded();
    } catch (IOException unencodable) {
      throw new KeyException("cannot encode the CSR: " + unencodable.getMessage(), unencodable);
    }
  }

  public String pem() {
    return Pem.csr(request());
  }
}
