package dev.reissued.renewal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reissued.cli.CliAccess;
import dev.reissued.db.PostgresExtension;
import dev.reissued.inventory.InventoryCertificate;
import dev.reissued.sandbox.ReissueValidity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class TrackingAndResolveTest {
  @RegisterExtension final PostgresExtension postgres = new PostgresExtension();
  @TempDir Path directory;
  RenewalFixture fixture;

  @AfterEach
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void dns_validation_records_are_queryable_until_the_new_certificate_is_issued() {
    fixture =
        new RenewalFixture(
            postgres,
            directory,
            List.of(RenewalFixture.paid("PaidDns1", "dns.example.com", 10)),
            "renewal: { validType: DNS, csrType: Original }");
    fixture.sandbox.setIssueDelay(Duration.ofHours(1));
    fixture.sync();
    TestProcess engine = fixture.engine();
    var account = fixture.config.accounts().get(0);

    engine.renew(account, fixture.client);
    var pending = engine.track(account, fixture.client);
    List<Map<String, Object>> validations =
        postgres
            .jdbc()
            .query(
                "SELECT original_certificate_id, domain, auth_key, auth_value FROM v_validations",
                row ->
                    Map.<String, Object>of(
                        "original",
                        row.getString(1),
                        "domain",
                        String.valueOf(row.getString(2)),
                        "key",
                        String.valueOf(row.getString(3)),
                        "value",
                        String.valueOf(row.getString(4))));

    assertThat(pending.pending()).isEqualTo(1);
    assertThat(validations)
        .isNotEmpty()
        .allSatisfy(
            v -> {
              assertThat(v.get("original")).isEqualTo("PaidDns1");
              assertThat((String) v.get("value")).isNotBlank().isNotEqualTo("null");
            });
    String newId = engine.ledger().forAccount("main").get(0).newCertificateId();
    InventoryCertificate tracked = engine.inventory().find(newId).orElseThrow();
    assertThat(tracked.replacedBy()).isEqualTo("PaidDns1");
    assertThat(tracked.status()).isNotEqualTo(1);
  }

  @Test
  void new_certificate_is_followed_until_issued_and_then_left_alone() {
    fixture =
        new RenewalFixture(
            postgres,
            directory,
            List.of(RenewalFixture.free("FreeTrk1", "trk.example.com", 10)),
            "renewal: { csrType: Original }");
    // About tracking; the end date checked below is that of a re-issue with a fresh validity.
    fixture.sandbox.setReissueValidity(ReissueValidity.FRESH);
    fixture.sync();
    TestProcess engine = fixture.engine();
    var account = fixture.config.accounts().get(0);

    engine.renew(account, fixture.client);
    var first = engine.track(account, fixture.client);
    var second = engine.track(account, fixture.client);

    assertThat(first.issued()).isEqualTo(1);
    assertThat(second.followed()).isZero();
    ReissueRecord row = engine.ledger().forAccount("main").get(0);
    InventoryCertificate issued = engine.inventory().find(row.newCertificateId()).orElseThrow();
    assertThat(issued.status()).isEqualTo(1);
    assertThat(issued.notAfter()).isAfter(fixture.clock.instant().plus(Duration.ofDays(80)));
  }

  @Test
  void operator_resolves_an_unknown_row_and_it_is_recorded_as_theirs() {
    fixture =
        new RenewalFixture(
            postgres,
            directory,
            List.of(RenewalFixture.free("FreeRes1", "res.example.com", 10)),
            "");
    fixture.sync();
    TestProcess engine = fixture.engine();
    InventoryCertificate certificate = engine.inventory().find("FreeRes1").orElseThrow();
    long id = engine.claim("FreeRes1", fixture.clock.instant()).orElseThrow().reissueId();
    var sentAt = engine.transitions().markSending(id, fixture.clock.instant()).orElseThrow();
    engine
        .transitions()
        .unknown(Observed.sent(id, sentAt), "ClientSideError.NoAnswer", "no answer", null);
    Path config = directory.resolve("reissued.yaml");

    var resolved =
        CliAccess.run(
            "resolve",
            String.valueOf(id),
            "--succeeded",
            "NewByOp1",
            "--note",
            "seen in the console",
            "-c",
            config.toString());
    var again = CliAccess.run("resolve", String.valueOf(id), "--failed", "-c", config.toString());
    var missing = CliAccess.run("resolve", "999999", "--failed", "-c", config.toString());

    assertThat(resolved.exitCode()).as(resolved.err()).isZero();
    ReissueRecord row = engine.ledger().find(id).orElseThrow();
    assertThat(row.state()).isEqualTo(ReissueState.SUCCEEDED);
    assertThat(row.newCertificateId()).isEqualTo("NewByOp1");
    assertThat(row.settledBy()).isEqualTo("operator");
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.err()).contains("settled already");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(fixture.sandbox.replaceRequestsReceived("FreeRes1")).isZero();
  }
}
