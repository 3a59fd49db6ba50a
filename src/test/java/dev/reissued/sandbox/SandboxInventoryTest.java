package dev.reissued.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reissued.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SandboxInventoryTest {
  private static final Instant NOW = Instant.parse("2025-09-10T08:00:00Z");
  private final SettableClock clock = new SettableClock(NOW);

  @Test
  void the_sample_covers_every_kind_of_certificate_the_daemon_meets() {
    List<SandboxCertificate> sample = SandboxInventory.sample(clock);
    Instant due = NOW.plus(Duration.ofDays(30));
    assertThat(sample).hasSizeBetween(20, 40);
    assertThat(sample).extracting(SandboxCertificate::id).doesNotHaveDuplicates();
    assertThat(sample)
        .anyMatch(c -> c.isFree() && c.status() == 1 && c.notAfter().isBefore(due))
        .anyMatch(c -> c.isFree() && c.status() == 1 && c.notAfter().isAfter(due))
        .anyMatch(
            c ->
                !c.isFree()
                    && !c.isUploaded()
                    && c.notAfter() != null
                    && c.notAfter().isBefore(due))
        .anyMatch(
            c ->
                !c.isFree() && !c.isUploaded() && c.notAfter() != null && c.notAfter().isAfter(due))
        .anyMatch(SandboxCertificate::isUploaded)
        .anyMatch(c -> c.status() == SandboxCertificate.STATUS_EXPIRED)
        .anyMatch(c -> c.status() == SandboxCertificate.STATUS_REVIEWING)
        .anyMatch(c -> c.replacedFor() != null)
        .anyMatch(c -> c.replacedBy() != null)
        .anyMatch(c -> c.domain().startsWith("*."))
        .anyMatch(c -> c.subjectAltNames().size() >= 3)
        .anyMatch(c -> "2".equals(c.packageType()))
        .anyMatch(c -> "83".equals(c.packageType()));
    for (SandboxCertificate certificate : sample) {
      if (certificate.replacedFor() != null) {
        assertThat(sample)
            .anyMatch(
                other ->
                    other.id().equals(certificate.replacedFor())
                        && certificate.id().equals(other.replacedBy()));
      }
    }
  }

  @Test
  void sample_expiry_is_relative_to_the_clock() {
    SandboxCertificate first = SandboxInventory.sample(clock).get(0);
    clock.advance(Duration.ofDays(100));
    SandboxCertificate later = SandboxInventory.sample(clock).get(0);
    assertThat(Duration.between(first.notAfter(), later.notAfter()))
        .isEqualTo(Duration.ofDays(100));
  }

  @Test
  void synthetic_certificates_are_the_same_for_the_same_seed() {
    List<SandboxCertificate> one = SandboxInventory.synthetic(500, 9, clock);
    List<SandboxCertificate> two = SandboxInventory.synthetic(500, 9, clock);
    assertThat(one).isEqualTo(two);
    assertThat(one).extracting(SandboxCertificate::id).doesNotHaveDuplicates();
    assertThat(one)
        .anyMatch(SandboxCertificate::isFree)
        .anyMatch(SandboxCertificate::isUploaded)
        .anyMatch(c -> !c.isFree() && !c.isUploaded());
    assertThat(SandboxInventory.synthetic(500, 10, clock)).isNotEqualTo(one);
  }
}
