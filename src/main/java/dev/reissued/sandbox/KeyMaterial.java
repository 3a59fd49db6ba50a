package dev.reissued.sandbox;

/**
 * The crypto a sandbox certificate carries, all PEM and all optional: the CSR it was issued for,
 * its public key, the private key the download ships (encrypted with the CsrkeyPassword when one
 * was given; only for {@code Online} re-issues), and the issued leaf once made.
 */
public record KeyMaterial(
    String csrPem, String publicKeyPem, String keyPem, String certificatePem) {
  public static final KeyMaterial NONE = new KeyMaterial(null, null, null, null);

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
