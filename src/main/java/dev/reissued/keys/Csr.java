package dev.reissued.keys;

import java.security.KeyPair;
import java.util.List;

/**
 * A key pair and the CSR signed with it, as the daemon makes them for {@code CsrType=Upload}.
 *
 * @param spec what the key is
 * @param names the domain first, then the alternative names, normalized
 * @param keyPair the key pair; seal its private key before storing it
 * @param pem the CSR, PEM-encoded
 */
public record Csr(KeySpec spec, List<String> names, KeyPair keyPair, String pem) {

  public Csr {
    names = List.copyOf(names);
  }

  /** A fresh key pair of the given specification and a CSR for the names. */
  public static Csr create(String domain, List<String> alternativeNames, KeySpec spec) {
    return create(domain, alternativeNames, spec, KeyPairs.generate(spec));
  }

  /** A CSR for a key pair made earlier, for instance ahead of time on another thread. */
  public static Csr create(
      String domain, List<String> alternativeNames, KeySpec spec, KeyPair keyPair) {
    CsrBuilder builder =
        new CsrBuilder().domain(domain).alternativeNames(alternativeNames).sign(keyPair, spec);
    return new Csr(spec, builder.names(), keyPair, builder.pem());
  }

  public String domain() {
    return names.get(0);
  }

  public String publicKeyFingerprint() {
    return KeyPairs.fingerprint(keyPair.getPublic());
  }

  /** Names and the public key's fingerprint; never the private key. */
  @Override
  public String toString() {
    return "Csr[" + spec + ", names=" + names + ", publicKeySha256=" + publicKeyFingerprint() + "]";
  }
}
