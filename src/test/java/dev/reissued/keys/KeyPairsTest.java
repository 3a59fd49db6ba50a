package dev.reissued.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class KeyPairsTest {

  @ParameterizedTest
  @MethodSource("dev.reissued.keys.KeySpecs#all")
  void generated_keys_should_have_the_size_or_curve_asked_for(KeySpec spec) {
    KeyPair keyPair = KeyPairs.generate(spec);

    assertThat(KeyPairs.specOf(keyPair.getPublic())).isEqualTo(spec);
    if (spec.algorithm() == KeyAlgorithm.RSA) {
      assertThat(((RSAPublicKey) keyPair.getPublic()).getModulus().bitLength())
          .isEqualTo(Integer.parseInt(spec.parameter()));
    } else {
      assertThat(keyPair.getPublic()).isInstanceOf(ECPublicKey.class);
    }
  }

  @Test
  void generation_should_work_from_many_threads_at_once() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<KeyPair>> futures = new ArrayList<>();
      for (int index = 0; index < 24; index++) {
        KeySpec spec =
            index % 6 == 0 ? KeySpec.RSA_2048 : KeySpecs.ALL.get(3 + index % 3); // ECC and SM2
        futures.add(pool.submit(() -> KeyPairs.generate(spec)));
      }
      var fingerprints = new HashSet<String>();
      for (Future<KeyPair> future : futures) {
        fingerprints.add(KeyPairs.fingerprint(future.get(60, TimeUnit.SECONDS).getPublic()));
      }
      assertThat(fingerprints).hasSize(24);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void the_fingerprint_should_be_the_sha256_of_the_public_key_encoding() throws Exception {
    KeyPair keyPair = KeyPairs.generate(KeySpec.of("ECC", "prime256v1"));

    byte[] digest =
        java.security.MessageDigest.getInstance("SHA-256").digest(keyPair.getPublic().getEncoded());
    assertThat(KeyPairs.fingerprint(keyPair.getPublic()))
        .hasSize(64)
        .isEqualTo(java.util.HexFormat.of().formatHex(digest));
  }
}
