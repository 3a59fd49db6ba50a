package dev.reissued.keys;

import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Every key specification reissued supports, for parameterized tests. */
final class KeySpecs {
  static final List<KeySpec> ALL =
      List.of(
          KeySpec.of("RSA", "2048"),
          KeySpec.of("RSA", "3072"),
          KeySpec.of("RSA", "4096"),
          KeySpec.of("ECC", "prime256v1"),
          KeySpec.of("ECC", "secp384r1"),
          KeySpec.of("SM2", "sm2p256v1"));

  private static final Map<KeySpec, KeyPair> KEY_PAIRS = new ConcurrentHashMap<>();

  private KeySpecs() {}

  /**
   * One key pair per specification for the whole test run: tests about encoding and interop need a
   * key, not a fresh one, and RSA 4096 takes seconds to generate.
   */
  static KeyPair keyPair(KeySpec spec) {
    return KEY_PAIRS.computeIfAbsent(spec, KeyPairs::generate);
  }

  static List<KeySpec> all() {
    return ALL;
  }
}
