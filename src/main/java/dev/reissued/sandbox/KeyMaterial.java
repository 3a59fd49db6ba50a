package dev.reissued.sandbox;

import java.security.KeyPair;

/**
 * The crypto a sandbox certificate carries, all PEM and all optional: the CSR it was issued for,
 * its public key, the private key the download ships (encrypted with the CsrkeyPassword when one
 * was given; only for keys Tencent made: {@code Online} re-issues and ApplyCertificate), and the
 * issued leaf once made.
 */
public record KeyMaterial(
    String csrPem, String publicKeyPem, String keyPem, String certificatePem) {
  public static final KeyMaterial NONE = new KeyMaterial(null, null, null, null);

  /**
   * A key Tencent makes for the holder ({@code CsrType=Online} re-issues, ApplyCertificate): {@code
   * label} is the certificate's EncryptAlgorithm ("RSA 2048", "RSA 4096", "ECC 256", "ECC 384",
   * "SM2 256"), and the private key ships as PKCS#8, encrypted under {@code password} when one is
   * given.
   */
  static KeyMaterial madeByTencent(String label, String password) {
    KeyPair pair =
        switch (label) {
          case "RSA 2048" -> SandboxPem.rsa(2048);
          case "RSA 4096" -> SandboxPem.rsa(4096);
          case "ECC 256" -> SandboxPem.ec("prime256v1");
          case "ECC 384" -> SandboxPem.ec("secp384r1");
          case "SM2 256" -> SandboxPem.ec("sm2p256v1");
          default -> throw new IllegalArgumentException("no key of the kind " + label);
        };
    return new KeyMaterial(
        null,
        SandboxPem.write(pair.getPublic()),
        SandboxPem.privateKey(pair.getPrivate(), password),
        null);
  }

  KeyMaterial withCertificatePem(String pem) {
    return new KeyMaterial(csrPem, publicKeyPem, keyPem, pem);
  }

  KeyMaterial withPublicKeyPem(String pem) {
    return new KeyMaterial(csrPem, pem, keyPem, certificatePem);
  }

  @Override
  public String toString() {
    return "KeyMaterial[csr="
        + (csrPem != null)
        + ", publicKey="
        + (publicKeyPem != null)
        + ", key="
        + (keyPem == null ? "none" : "<masked>")
        + ", certificate="
        + (certificatePem != null)
        + "]";
  }
}
