package dev.reissued.renewal;

import dev.reissued.config.CsrType;
import dev.reissued.db.DatabaseException;
import dev.reissued.db.Jdbc;
import dev.reissued.inventory.Inventory;
import dev.reissued.inventory.InventoryCertificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims due certificates for a re-issue: the {@code requested} row is inserted and committed
 * before anything is sent, and the partial unique indexes refuse a second live re-issue of a free
 * lineage whatever the code above does.
 */
public final class Claims {
  private static final Logger log = LoggerFactory.getLogger(Claims.class);

  private final Jdbc jdbc;
  private final Inventory inventory;
  private final Ledger ledger;
  private final SealedSecrets secrets;

  public Claims(Jdbc jdbc, Inventory inventory, Ledger ledger, SealedSecrets secrets) {
    this.jdbc = jdbc;
    this.inventory = inventory;
    this.ledger = ledger;
    this.secrets = secrets;
  }

  /**
   * Claims the certificate of a due decision: locks its inventory row (skipping it if another pass
   * holds it), asks the policy again on what the database says now, and inserts the {@code
   * requested} row, all in one transaction that commits before anything is sent. {@code claimed}
   * learns the new row's id inside the transaction, before it commits: so the row is this process's
   * in-flight work from the first moment anyone can see it, and a reconciliation on another thread
   * of this process never takes it for an orphan.
   *
   * @return the new row, or empty when another pass has it or the policy no longer says due
   */
  public Optional<Claim> claim(
      Decision due, RenewalPolicy policy, ProcessLease lease, Instant now, LongConsumer claimed) {
    String certificateId = due.certificate().certificateId();
    try {
      return jdbc.inTransaction(
          handle -> {
            Optional<InventoryCertificate> locked =
                inventory.lockUnlessLocked(handle, certificateId);
            if (locked.isEmpty()) {
              log.debug("certificate {} is being claimed by another pass", certificateId);
              return Optional.empty();
            }
            List<ReissueRecord> lineage = ledger.lineage(handle, due.lineageId(), certificateId);
            Decision decision =
                policy.decide(
                    locked.get(),
                    new RenewalPolicy.History(
                        due.lineageId(),
                        lineage,
                        inventory.successor(handle, certificateId),
                        ledger.reissueKeepsEndDate(locked.get().account())));
            if (!decision.isDue()) {
              log.debug("certificate {} is no longer due: {}", certificateId, decision.reason());
              return Optional.empty();
            }
            long id =
                handle
                    .queryOne(
                        """
                        INSERT INTO reissue (certificate_id, account, lineage_id, is_free, state, csr_type, valid_type,
                                             key_algorithm, key_parameter, attempt, requested_at, claimed_by, owner_lease,
                                             kind)
                        VALUES (?, ?, ?, ?, 'requested', ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        RETURNING id
                        """,
                        row -> row.getLong(1),
                        certificateId,
                        locked.get().account(),
                        decision.lineageId(),
                        locked.get().free(),
                        csrType(decision).name(),
                        decision.settings().validType().name(),
                        csrType(decision) == CsrType.Original
                            ? null
                            : decision.key().algorithm().name(),
                        csrType(decision) == CsrType.Original ? null : decision.key().parameter(),
                        decision.attempt(),
                        now,
                        lease.owner(),
                        lease.key(),
                        decision.action().sql())
                    .orElseThrow();
            claimed.accept(id);
            return Optional.of(new Claim(id, decision));
          });
    } catch (DatabaseException refused) {
      if (refused.isUniqueViolation()) {
        // The partial unique index did its job: another pass holds a live re-issue of this lineage.
        log.debug("certificate {}: a live re-issue of its lineage exists already", certificateId);
        return Optional.empty();
      }
      throw refused;
    }
  }

  /**
   * How the row's key is made: an apply's key is Tencent's, opened with a sealed CsrKeyPassword, as
   * for a re-issue with CsrType Online.
   */
  static CsrType csrType(Decision decision) {
    return decision.action() == Action.APPLY ? CsrType.Online : decision.settings().csrType();
  }

  /** A claimed certificate: its ledger row and the decision it was claimed on. */
  public record Claim(long reissueId, Decision decision) {}

  /** Stores the CSR and the sealed secrets of a claimed row in one transaction. */
  public void storePrepared(
      long id, String csrPem, List<SealedSecrets.SealedSecret> sealed, Instant now) {
    jdbc.inTransaction(
        handle -> {
          handle.update(
              "UPDATE reissue SET csr_pem = ? WHERE id = ? AND state = 'requested'", csrPem, id);
          for (SealedSecrets.SealedSecret secret : sealed) {
            secrets.store(handle, id, secret, now);
          }
          return null;
        });
  }
}
