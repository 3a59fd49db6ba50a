package dev.reissued.deliver;

import dev.reissued.keys.BouncyCastle;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.Locale;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Whether a private key belongs to a certificate's public key, proved the way a TLS server would
 * use it: a signature made with the private key verifies under the public key. This holds for RSA,
 * ECC and SM2 keys alike, whatever encoding each side came in.
 */
final class KeyMatch {
  private static final SecureRandom RANDOM = new SecureRandom();

  private KeyMatch() {}

  static boolean matches(PrivateKey privateKey, PublicKey publicKey) {
    String algorithm = signatureAlgorithm(privateKey);
    if (algorithm == null) {
      return false;
    }
    byte[] challenge = new byte[32];
    RANDOM.nextBytes(challenge);
    try {
      Signature signer = Signature.getInstance(algorithm, BouncyCastle.PROVIDER);
      signer.initSign(privateKey);
      signer.update(challenge);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm, BouncyCastle.PROVIDER);
      verifier.initVerify(publicKey);
      verifier.update(challenge);
      return verifier.verify(signature);
    } catch (GeneralSecurityException | IllegalArgumentException mismatch) {
      // A key of another algorithm or curve: not this certificate's key.
      return false;
    }
  }

  /** A PKCS#8 DER private key, as the ledger seals it. */
  static PrivateKey fromPkcs8(byte[] der, String what) {
    try {
      return new JcaPEMKeyConverter()
          .setProvider(BouncyCastle.PROVIDER)
          .getPrivateKey(PrivateKeyInfo.getInstance(der));
    } catch (IOException | IllegalArgumentException | IllegalStateException unreadable) {
      // The cause is left out on purpose: its message may quote the key's bytes.
      throw new DeployException(what + " is not a readable PKCS#8 private key");
    }
  }

  private static String signatureAlgorithm(PrivateKey key) {
    return switch (key.getAlgorithm().toUpperCase(Locale.ROOT)) {
      case "RSA" -> "SHA256withRSA";
      case "EC", "ECDSA" -> "SHA256withECDSA";
      case "SM2" -> "SM3withSM2";
      default -> null;
    };
  }
}
