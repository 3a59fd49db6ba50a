package dev.reissued.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CsrKeyPasswordsTest {

  @Test
  void passwords_should_be_long_mixed_letters_and_digits_and_never_repeat() {
    Set<String> seen = new HashSet<>();
    for (int round = 0; round < 200; round++) {
      String password = new String(CsrKeyPasswords.generate());
      assertThat(password)
          .hasSizeGreaterThanOrEqualTo(24)
          .matches("[A-Za-z0-9]+")
          .containsPattern("[A-Z]")
          .containsPattern("[a-z]")
          .containsPattern("[0-9]");
      assertThat(seen.add(password)).isTrue();
    }
  }
}
