package dev.reissued.sandbox;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.util.io.pem.PemGenerationException;

/**
 * PEM reading and writing and key generation for the sandbox. BouncyCastle is used as an explicit
 * provider instance, never registered globally, so the sandbox changes nothing for the rest of the
 * process.
 */
final class SandboxPem {
  static final Provider BC = new BouncyCastleProvider();

  private SandboxPem() {}

  static String write(Object object) {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(object);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  /** A private key as PKCS#8 PEM, encrypted with AES-256-CBC under {@code password} if given. */
  static String privateKey(PrivateKey key, String password) {
    try {
      JceOpenSSLPKCS8EncryptorBuilder encryptor = null;
      if (password != null && !password.isEmpty()) {
        encryptor =
            new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
                .setProvider(BC)
                .setPassword(password.toCharArray());
      }
      return write(new JcaPKCS8Generator(key, encryptor == null ? null : encryptor.build()));
    } catch (PemGenerationException | OperatorCreationException e) {
      throw new IllegalStateException("cannot write a private key as PKCS#8", e);
    }
  }

  static Object read(String pem) {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      return parser.readObject();
    } catch (IOException e) {
      return null;
    }
  }

  static X509Certificate certificate(String pem) {
    Object object = read(pem);
    if (!(object instanceof X509CertificateHolder holder)) {
      throw new IllegalArgumentException("not a PEM certificate");
    }
    try {
      return new JcaX509CertificateConverter().setProvider(BC).getCertificate(holder);
    } catch (CertificateException e) {
      throw new IllegalArgumentException("not a valid certificate", e);
    }
  }

  static PrivateKey privateKey(String pem) {
    Object object = read(pem);
    try {
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter().setProvider(BC);
      if (object instanceof PEMKeyPair pair) {
        return converter.getKeyPair(pair).getPrivate();
      }
      if (object instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("not a usable private key", e);
    }
    throw new IllegalArgumentException("not an unencrypted PEM private key");
  }

  static PublicKey publicKey(String pem) {
    Object object = read(pem);
    if (!(object instanceof SubjectPublicKeyInfo info)) {
      throw new IllegalArgumentException("not a PEM public key");
    }
    try {
      return new JcaPEMKeyConverter().setProvider(BC).getPublicKey(info);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a usable public key", e);
    }
  }

  static KeyPair rsa(int bits) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(bits);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("RSA key generation is unavailable", e);
    }
  }

  /** An EC key on a named curve: prime256v1, secp384r1, or sm2p256v1 (through BouncyCastle). */
  static KeyPair ec(String curve) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", BC);
      generator.initialize(new ECGenParameterSpec(curve));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("EC key generation on " + curve + " is unavailable", e);
    }
  }
}
