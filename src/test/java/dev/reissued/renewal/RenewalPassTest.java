package dev.reissued.renewal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RenewalPassTest {
  @Test
  void senders_are_enough_to_keep_the_rate_while_answers_take_two_seconds() {
    // 10/s with answers taking up to 2 s needs 20 requests in flight; 4 would cap it at 2/s.
    assertThat(RenewalPass.senders(10)).isEqualTo(20);
    assertThat(RenewalPass.senders(2.5)).isEqualTo(5);
  }

  @Test
  void senders_stay_between_four_and_sixty_four() {
    assertThat(RenewalPass.senders(0.5)).isEqualTo(RenewalPass.MIN_SENDERS).isEqualTo(4);
    assertThat(RenewalPass.senders(100)).isEqualTo(RenewalPass.MAX_SENDERS).isEqualTo(64);
  }
}
