package dev.reissued.keys;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.HexFormat;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * Key pair generation for every {@link KeySpec}, and what a public key is.
 *
 * <p>{@link #generate} is safe to call from many threads at once: each call gets its own {@link
 * KeyPairGenerator}, and only the {@link SecureRandom} (thread-safe) is shared. An RSA 2048 pair
 * takes about 0.15-0.25 s of one core, far longer than the API's 10 requests a second allow, so a
 * renewal pipeline should generate ahead on a few threads and sign the CSR when the pair is ready:
 *
 * <pre>{@code
 * CompletableFuture<KeyPair> pair = CompletableFuture.supplyAsync(() -> KeyPairs.generate(spec), generators);
 * Csr csr = Csr.create(domain, alternativeNames, spec, pair.join());
 * }</pre>
 *
 * <p>RSA keys come from the JDK's own provider, which generates them about 40% faster than
 * BouncyCastle's on this hardware; elliptic curve and SM2 keys come from BouncyCastle, which is
 * several times faster than the JDK for those and is the only one that knows sm2p256v1. Both
 * produce standard keys that encode the same way.
 */
public final class KeyPairs {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ASN1ObjectIdentifier PRIME256V1 = X9ObjectIdentifiers.prime256v1;
  private static final ASN1ObjectIdentifier SECP384R1 = SECObjectIdentifiers.secp384r1;
  private static final ASN1ObjectIdentifier SM2P256V1 = GMObjectIdentifiers.sm2p256v1;

  private KeyPairs() {}

  public static KeyPair generate(KeySpec spec) {
    try {
      KeyPairGenerator generator;
      if (spec.algorithm() == KeyAlgorithm.RSA) {
        generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(
            new RSAKeyGenParameterSpec(
                Integer.parseInt(spec.parameter()), RSAKeyGenParameterSpec.F4),
            RANDOM);
      } else {
        generator = KeyPairGenerator.getInstance("EC", BouncyCastle.PROVIDER);
        generator.initialize(new ECGenParameterSpec(spec.parameter()), RANDOM);
      }
      return generator.generateKeyPair();
    } catch (GeneralSecurityException unavailable) {
      throw new KeyException(
          "cannot generate a " + spec + " key pair: " + unavailable.getMessage(), unavailable);
    }
  }

  /**
   * The specification a public key satisfies, read from its encoding, so keys from any provider (or
   * parsed from a file) can be checked against what was asked for.
   */
  public static KeySpec specOf(PublicKey publicKey) {
    SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(publicKey.getEncoded());
    ASN1ObjectIdentifier algorithm = info.getAlgorithm().getAlgorithm();
    if (algorithm.equals(PKCSObjectIdentifiers.rsaEncryption)
        && publicKey instanceof RSAPublicKey) {
      int bits = ((RSAPublicKey) publicKey).getModulus().bitLength();
      return new KeySpec(KeyAlgorithm.RSA, Integer.toString(bits));
    }
    if (algorithm.equals(X9ObjectIdentifiers.id_ecPublicKey)
        && info.getAlgorithm().getParameters() instanceof ASN1ObjectIdentifier) {
      ASN1ObjectIdentifier curve = (ASN1ObjectIdentifier) info.getAlgorithm().getParameters();
      if (curve.equals(PRIME256V1)) {
        return new KeySpec(KeyAlgorithm.ECC, "prime256v1");
      }
      if (curve.equals(SECP384R1)) {
        return new KeySpec(KeyAlgorithm.ECC, "secp384r1");
      }
      if (curve.equals(SM2P256V1)) {
        return new KeySpec(KeyAlgorithm.SM2, "sm2p256v1");
      }
      throw new KeyException(
          "elliptic curve "
              + curve.getId()
              + " is not supported; use prime256v1, secp384r1 or sm2p256v1");
    }
    throw new KeyException(
        "public key algorithm " + algorithm.getId() + " is not supported; use RSA, ECC or SM2");
  }

  /**
   * SHA-256 of the DER SubjectPublicKeyInfo, lower-case hex: what {@code openssl pkey -pubout
   * -outform DER | sha256sum} prints, and the same for the key and its CSR.
   */
  public static String fingerprint(PublicKey publicKey) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(publicKey.getEncoded()));
    } catch (GeneralSecurityException noSha256) {
      throw new KeyException("SHA-256 is not available: " + noSha256.getMessage(), noSha256);
    }
  }
}
