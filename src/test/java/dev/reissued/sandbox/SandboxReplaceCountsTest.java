package dev.reissued.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reissued.config.ValidType;
import dev.reissued.tencent.ReplaceCertificateRequest;
import dev.reissued.tencent.TencentApiException;
import dev.reissued.tencent.TencentClient;
import dev.reissued.tencent.TencentClients;
import dev.reissued.testing.TestConfigs;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The counts chaos tests assert on: what arrived, what reached the rules, and what came too late.
 */
class SandboxReplaceCountsTest {
  @TempDir Path directory;

  @Test
  void busy_answers_are_received_but_not_accepted_and_a_request_after_acceptance_is_counted_late() {
    Instant now = Instant.now();
    SandboxCertificate certificate =
        SandboxCertificate.builder("CountMe1", "count.example.com")
            .validity(now.minus(Duration.ofDays(80)), now.plus(Duration.ofDays(10)))
            .build();
    try (Sandbox sandbox =
            Sandbox.start(
                SandboxOptions.defaults().withRateLimit(0).withInventory(List.of(certificate)));
        TencentClient client =
            TencentClients.forAccount(
                TestConfigs.load(
                        TestConfigs.write(
                            directory, "jdbc:postgresql://localhost/unused", sandbox, ""))
                    .accounts()
                    .get(0))) {
      ReplaceCertificateRequest request =
          ReplaceCertificateRequest.original("CountMe1", ValidType.DNS_AUTO);

      sandbox.setBusyRate(1.0);
      assertThatThrownBy(() -> client.replaceCertificate(request))
          .isInstanceOf(TencentApiException.class);
      int lateAfterBusy = sandbox.replaceRequestsReceivedAfterAccepted("CountMe1");
      sandbox.setBusyRate(0.0);
      client.replaceCertificate(request);
      int lateAfterFirstAcceptance = sandbox.replaceRequestsReceivedAfterAccepted("CountMe1");
      sandbox.setBusyRate(1.0);
      assertThatThrownBy(() -> client.replaceCertificate(request))
          .isInstanceOf(TencentApiException.class);

      assertThat(lateAfterBusy).isZero();
      assertThat(lateAfterFirstAcceptance).isZero();
      assertThat(sandbox.replaceRequestsReceived("CountMe1")).isEqualTo(3);
      assertThat(sandbox.replaceRequestsAccepted("CountMe1")).isEqualTo(1);
      // The third one was only answered "busy", yet it is the second attempt that must never
      // happen.
      assertThat(sandbox.replaceRequestsReceivedAfterAccepted("CountMe1")).isEqualTo(1);
    }
  }
}
