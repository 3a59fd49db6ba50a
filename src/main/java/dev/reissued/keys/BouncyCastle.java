package dev.reissued.keys;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The one BouncyCastle provider instance the keys package passes explicitly to every JCA call that
 * needs it. It is deliberately not registered with {@code Security.addProvider}: nothing else in
 * the JVM should start resolving algorithms to BouncyCastle because this package was loaded.
 */
public final class BouncyCastle {
  public static final Provider PROVIDER = new BouncyCastleProvider();

  private BouncyCastle() {}
}
