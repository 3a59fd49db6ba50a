package dev.reissued.keys;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.SecureRandom;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.pkcs.KeyDerivationFunc;
import org.bouncycastle.asn1.pkcs.PBEParameter;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCS12PBEParams;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.EncryptionException;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.util.io.pem.PemGenerationException;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemObjectGenerator;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * PEM in and out: private keys as PKCS#8 (plain, or encrypted with PBES2 / AES-256-CBC / PBKDF2
 * with HMAC-SHA256, which {@code openssl pkey -passin} opens), CSRs as PKCS#10.
 *
 * <p>The parser also reads what other tools write: traditional OpenSSL keys ({@code BEGIN RSA
 * PRIVATE KEY}, {@code BEGIN EC PRIVATE KEY}), including the {@code Proc-Type: 4,ENCRYPTED} form
 * Tencent Cloud ships keys in, with or without a preceding {@code EC PARAMETERS} block.
 */
public final class Pem {
  /**
   * PBKDF2 rounds for encrypted keys: OWASP's 2023 figure for HMAC-SHA256. It costs a fraction of a
   * second per key written or opened, which is nothing next to how rarely that happens.
   */
  public static final int PBKDF2_ITERATIONS = 600_000;

  /**
   * The most PBKDF2 (or PKCS#12, PBES1) rounds an encrypted key may ask for before it is opened:
   * the count comes from the key's own text, and a key from a hostile archive asking for two
   * billion rounds would hold a thread for hours. Ours use {@value #PBKDF2_ITERATIONS}, OpenSSL's
   * 2048.
   */
  public static final int MAX_KDF_ITERATIONS = 1_000_000;

  /** scrypt's N·r·p and N·r, bounded for the same reason (OpenSSL's default is N=16384, r=8). */
  private static final long MAX_SCRYPT_WORK = 1L << 20;

  private static final long MAX_SCRYPT_MEMORY = 1L << 18;
  private static final String SCRYPT = "1.3.6.1.4.1.11591.4.11";
  private static final String PKCS12_PBE = "1.2.840.113549.1.12.1.";
  private static final String PKCS5_PBES1 = "1.2.840.113549.1.5.";

  private static final SecureRandom RANDOM = new SecureRandom();

  private Pem() {}

  /** Unencrypted PKCS#8: {@code -----BEGIN PRIVATE KEY-----}. */
  public static String privateKey(PrivateKey key) {
    return write(new PemObject("PRIVATE KEY", key.getEncoded()));
  }

  /** Encrypted PKCS#8: {@code -----BEGIN ENCRYPTED PRIVATE KEY-----}. */
  public static String privateKey(PrivateKey key, char[] password) {
    if (password == null || password.length == 0) {
      throw new KeyException("a password for the private key is empty");
    }
    try {
      var encryptor =
          new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
              .setProvider(BouncyCastle.PROVIDER)
              .setRandom(RANDOM)
              .setPRF(PKCS8Generator.PRF_HMACSHA256)
              .setIterationCount(PBKDF2_ITERATIONS)
              .setPassword(password)
              .build();
      return write(new JcaPKCS8Generator(key, encryptor));
    } catch (OperatorCreationException | PemGenerationException failure) {
      throw new KeyException("cannot encrypt the private key: " + failure.getMessage(), failure);
    }
  }

  public static String csr(PKCS10CertificationRequest request) {
    try {
      return write(new PemObject("CERTIFICATE REQUEST", request.getEncoded()));
    } catch (IOException unencodable) {
      throw new KeyException("cannot encode the CSR: " + unencodable.getMessage(), unencodable);
    }
  }

  public static PKCS10CertificationRequest parseCsr(String pem) {
    Object object = readFirst(pem, "CSR");
    if (object instanceof PKCS10CertificationRequest request) {
      return request;
    }
    throw new KeyException("the PEM text holds " + describe(object) + ", not a CSR");
  }

  /** An unencrypted private key in any of the forms the class javadoc lists. */
  public static PrivateKey parsePrivateKey(String pem) {
    return parsePrivateKey(pem, null);
  }

  /**
   * A private key in any of the forms the class javadoc lists; the password is used only if the key
   * is encrypted, and an encrypted key without one is refused.
   */
  public static PrivateKey parsePrivateKey(String pem, char[] password) {
    Object object = readFirst(pem, "private key");
    PrivateKeyInfo info;
    try {
      if (object instanceof PrivateKeyInfo plain) {
        info = plain;
      } else if (object instanceof PEMKeyPair traditional) {
        info = traditional.getPrivateKeyInfo();
      } else if (object instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
        requireAffordable(encrypted.getEncryptionAlgorithm());
        info =
            encrypted.decryptPrivateKeyInfo(
                new JceOpenSSLPKCS8DecryptorProviderBuilder()
                    .setProvider(BouncyCastle.PROVIDER)
                    .build(requirePassword(password)));
      } else if (object instanceof PEMEncryptedKeyPair encrypted) {
        info =
            encrypted
                .decryptKeyPair(
                    new JcePEMDecryptorProviderBuilder()
                        .setProvider(BouncyCastle.PROVIDER)
                        .build(requirePassword(password)))
                .getPrivateKeyInfo();
      } else {
        throw new KeyException("the PEM text holds " + describe(object) + ", not a private key");
      }
      return new JcaPEMKeyConverter().setProvider(BouncyCastle.PROVIDER).getPrivateKey(info);
    } catch (PKCSException | EncryptionException | OperatorCreationException wrongPassword) {
      throw new KeyException("the private key does not open: wrong password or corrupted key");
    } catch (IOException
        | IllegalArgumentException
        | IllegalStateException
        | StackOverflowError unreadable) {
      // Decrypting with a wrong password sometimes yields bytes that pass the padding check and
      // then fail as ASN.1; either way the key did not open. The cause is kept out on purpose:
      // its message may quote the decrypted bytes.
      throw new KeyException(
          "the private key cannot be read: wrong password, corrupted, or an unsupported key type");
    }
  }

  /** Refuses a key derivation that would cost more than {@link #MAX_KDF_ITERATIONS} allows. */
  private static void requireAffordable(AlgorithmIdentifier algorithm) {
    String oid = algorithm.getAlgorithm().getId();
    BigInteger iterations = null;
    if (PKCSObjectIdentifiers.id_PBES2.equals(algorithm.getAlgorithm())) {
      KeyDerivationFunc kdf =
          PBES2Parameters.getInstance(algorithm.getParameters()).getKeyDerivationFunc();
      if (PKCSObjectIdentifiers.id_PBKDF2.equals(kdf.getAlgorithm())) {
        iterations = PBKDF2Params.getInstance(kdf.getParameters()).getIterationCount();
      } else if (SCRYPT.equals(kdf.getAlgorithm().getId())) {
        // scrypt-params ::= SEQUENCE { salt, costParameter N, blockSize r, parallelization p, ...}
        ASN1Sequence parameters = ASN1Sequence.getInstance(kdf.getParameters());
        BigInteger n = ASN1Integer.getInstance(parameters.getObjectAt(1)).getValue();
        BigInteger r = ASN1Integer.getInstance(parameters.getObjectAt(2)).getValue();
        BigInteger p = ASN1Integer.getInstance(parameters.getObjectAt(3)).getValue();
        if (n.multiply(r).compareTo(BigInteger.valueOf(MAX_SCRYPT_MEMORY)) > 0
            || n.multiply(r).multiply(p).compareTo(BigInteger.valueOf(MAX_SCRYPT_WORK)) > 0) {
          throw new KeyException(
              "the private key asks for scrypt with N="
                  + n
                  + ", r="
                  + r
                  + ", p="
                  + p
                  + "; more than is ever needed, so it is not opened");
        }
      }
    } else if (oid.startsWith(PKCS12_PBE)) {
      iterations = PKCS12PBEParams.getInstance(algorithm.getParameters()).getIterations();
    } else if (oid.startsWith(PKCS5_PBES1)) {
      iterations = PBEParameter.getInstance(algorithm.getParameters()).getIterationCount();
    }
    if (iterations != null && iterations.compareTo(BigInteger.valueOf(MAX_KDF_ITERATIONS)) > 0) {
      throw new KeyException(
          "the private key asks for "
              + iterations
              + " key derivation rounds; at most "
              + MAX_KDF_ITERATIONS
              + " are done, so it is not opened");
    }
  }

  private static char[] requirePassword(char[] password) {
    if (password == null || password.length == 0) {
      throw new KeyException("the private key is encrypted; a password is needed to open it");
    }
    return password;
  }

  /** The first PEM object, skipping an {@code EC PARAMETERS} block OpenSSL may put before a key. */
  private static Object readFirst(String pem, String expected) {
    if (pem == null || pem.isBlank()) {
      throw new KeyException("the " + expected + " PEM text is empty");
    }
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object object = parser.readObject();
      while (object instanceof ASN1ObjectIdentifier) {
        object = parser.readObject();
      }
      if (object == null) {
        throw new KeyException("no PEM block found where a " + expected + " was expected");
      }
      return object;
    } catch (IOException | IllegalArgumentException | IllegalStateException malformed) {
      throw new KeyException(
          "the " + expected + " PEM text is malformed: " + safeMessage(malformed));
    } catch (StackOverflowError nestedTooDeeply) {
      // The ASN.1 parser recurses per nesting level; hostile input can nest deeper than the stack.
      throw new KeyException("the " + expected + " PEM text is malformed: nested too deeply");
    }
  }

  private static String describe(Object object) {
    if (object instanceof X509CertificateHolder) {
      return "a certificate";
    }
    if (object instanceof PKCS10CertificationRequest) {
      return "a CSR";
    }
    if (object instanceof SubjectPublicKeyInfo) {
      return "a public key";
    }
    if (object instanceof PrivateKeyInfo
        || object instanceof PEMKeyPair
        || object instanceof PEMEncryptedKeyPair
        || object instanceof PKCS8EncryptedPrivateKeyInfo) {
      return "a private key";
    }
    return "a " + object.getClass().getSimpleName();
  }

  /** Parser messages describe structure, but cap them so nothing long is ever echoed back. */
  private static String safeMessage(Exception exception) {
    String message = String.valueOf(exception.getMessage());
    return message.length() > 120 ? message.substring(0, 120) + "..." : message;
  }

  private static String write(PemObjectGenerator object) {
    StringWriter text = new StringWriter();
    try (PemWriter writer = new PemWriter(text)) {
      writer.writeObject(object);
    } catch (IOException impossible) {
      throw new UncheckedIOException("writing to a string failed", impossible);
    }
    return text.toString();
  }
}
