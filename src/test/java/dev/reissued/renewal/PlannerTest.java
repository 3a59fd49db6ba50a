package dev.reissued.renewal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reissued.config.CsrType;
import dev.reissued.config.RenewalConfig;
import dev.reissued.config.RetryPolicy;
import dev.reissued.config.ValidType;
import dev.reissued.db.Jdbc;
import dev.reissued.db.PostgresExtension;
import dev.reissued.inventory.Inventory;
import dev.reissued.inventory.InventoryCertificate;
import dev.reissued.keys.KeySpec;
import dev.reissued.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A whole account's plan reads the account's ledger ids and successor ids once and then asks, per
 * chunk, only for the certificates that have any ({@link AccountKeys}): it must decide exactly as
 * asking for every certificate does, across chunks too.
 */
class PlannerTest {
  static final Instant NOW = Instant.parse("2026-11-27T04:00:00Z");

  @RegisterExtension final PostgresExtension postgres = new PostgresExtension();

  final SettableClock clock = new SettableClock(NOW);
  Jdbc jdbc;
  Inventory inventory;
  Planner planner;

  @BeforeEach
  void wire() {
    jdbc = postgres.jdbc();
    inventory = new Inventory(jdbc);
    RenewalConfig config =
        new RenewalConfig(
            Duration.ofDays(30),
            CsrType.Upload,
            ValidType.DNS_AUTO,
            KeySpec.of("ECC", "prime256v1"),
            new RetryPolicy(Duration.ofMinutes(1), Duration.ofHours(6), 8),
            List.of());
    planner = new Planner(inventory, new Ledger(jdbc), new RenewalPolicy(config, clock), clock);
  }

  @Test
  void a_whole_account_is_decided_as_asking_for_every_certificate_decides() {
    // Fillers between the roots and their successors put a lineage's members in different chunks.
    for (int index = 0; index < Planner.CHUNK + 100; index++) {
      certificate(
          String.format("fill%04d", index), false, NOW.plus(Duration.ofDays(40 + index % 50)));
    }
    certificate("due00001", true, NOW.plus(Duration.ofDays(10)));
    certificate("reis0001", true, NOW.plus(Duration.ofDays(12)));
    certificate("reis0002", true, NOW.plus(Duration.ofDays(300)));
    jdbc.update(
        "UPDATE certificate SET replaced_by = 'reis0001' WHERE certificate_id = 'reis0002'");
    reissue("reis0001", "reis0001", "succeeded", "reis0002");
    certificate("fail0001", true, NOW.plus(Duration.ofDays(11)));
    reissue("fail0001", "fail0001", "failed", null);
    certificate("unkn0001", true, NOW.plus(Duration.ofDays(13)));
    reissue("unkn0001", "unkn0001", "unknown", null);
    certificate("appl0001", true, NOW.plus(Duration.ofDays(14)));
    certificate("appl0002", true, NOW.plus(Duration.ofDays(365)));
    jdbc.update(
        "UPDATE certificate SET origin_certificate_id = 'appl0001' WHERE certificate_id = 'appl0002'");

    List<Decision> planned = planner.plan("main");
    List<Decision> askedOneByOne = new ArrayList<>();
    for (InventoryCertificate certificate : everyCertificate()) {
      askedOneByOne.addAll(planner.decide("main", List.of(certificate)));
    }

    assertThat(planned).hasSize(Planner.CHUNK + 100 + 7);
    Map<String, Decision> decided = byId(planned);
    Map<String, Decision> expected = byId(askedOneByOne);
    assertThat(decided.keySet()).isEqualTo(expected.keySet());
    assertThat(
            decided.keySet().stream()
                .filter(id -> !decided.get(id).equals(expected.get(id)))
                .map(id -> id + ": " + decided.get(id).reason() + " / " + expected.get(id).reason())
                .toList())
        .isEmpty();
    // And the ledger and the successors were seen: not a plan of an account with neither.
    assertThat(decided.get("due00001").kind()).isEqualTo(Decision.Kind.DUE);
    assertThat(decided.get("unkn0001").kind()).isEqualTo(Decision.Kind.ATTENTION);
    assertThat(decided.get("reis0001").kind()).isNotEqualTo(Decision.Kind.DUE);
    assertThat(decided.get("appl0001").kind()).isNotEqualTo(Decision.Kind.DUE);
    assertThat(decided.get("fail0001").attempt()).isEqualTo(2);
  }

  @Test
  void keys_that_are_not_known_ask_for_every_id() {
    AccountKeys unknown = AccountKeys.UNKNOWN;
    AccountKeys known =
        new AccountKeys(
            java.util.Optional.of(java.util.Set.of("b")),
            java.util.Optional.of(java.util.Set.of()));

    assertThat(unknown.withLedgerRows(List.of("a", "b"))).containsExactly("a", "b");
    assertThat(unknown.withSuccessors(List.of("a", "b"))).containsExactly("a", "b");
    assertThat(known.withLedgerRows(List.of("a", "b"))).containsExactly("b");
    assertThat(known.withSuccessors(List.of("a", "b"))).isEmpty();
  }

  private List<InventoryCertificate> everyCertificate() {
    List<InventoryCertificate> all = new ArrayList<>();
    inventory.forEachChunk("main", 500, all::addAll);
    return all;
  }

  private static Map<String, Decision> byId(List<Decision> decisions) {
    return decisions.stream()
        .collect(
            Collectors.toMap(
                decision -> decision.certificate().certificateId(), Function.identity()));
  }

  private void certificate(String id, boolean free, Instant notAfter) {
    jdbc.update(
        "INSERT INTO certificate (certificate_id, account, domain, is_free, is_uploaded, status,"
            + " not_before, not_after, first_seen_at, last_synced_at)"
            + " VALUES (?, 'main', ?, ?, false, 1, ?, ?, ?, ?)",
        id,
        id + ".example.com",
        free,
        NOW.minus(Duration.ofDays(300)),
        notAfter,
        NOW,
        NOW);
  }

  private void reissue(String certificateId, String lineageId, String state, String newId) {
    jdbc.update(
        "INSERT INTO reissue (certificate_id, account, lineage_id, is_free, state, csr_type,"
            + " valid_type, new_certificate_id, retryable, next_attempt_at, requested_at, sent_at,"
            + " finished_at, claimed_by, settled_by)"
            + " VALUES (?, 'main', ?, true, ?, 'Original', 'DNS_AUTO', ?, ?, ?, ?, ?, ?, 'test',"
            + " ?)",
        certificateId,
        lineageId,
        state,
        newId,
        state.equals("failed") ? Boolean.TRUE : null,
        state.equals("failed") ? NOW.minus(Duration.ofMinutes(5)) : null,
        NOW.minus(Duration.ofDays(1)),
        NOW.minus(Duration.ofDays(1)),
        state.equals("unknown") ? null : NOW.minus(Duration.ofDays(1)),
        state.equals("unknown") ? null : "api");
  }
}
