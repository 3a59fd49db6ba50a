package dev.reissued.renewal;

import dev.reissued.db.Jdbc;
import dev.reissued.keys.SealedBox;
import java.time.Instant;
import java.util.Optional;

/**
 * The {@code sealed_secret} table: private keys and CSR key passwords of ledger rows, sealed under
 * the master key and bound to their row and kind. Written when a request is prepared, and by
 * delivery when Tencent made the key; read by delivery.
 */
public final class SealedSecrets {
  private final Jdbc jdbc;

  public SealedSecrets(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * A sealed value and what it is ({@link SealedBox#PRIVATE_KEY} or {@link
   * SealedBox#CSR_KEY_PASSWORD}).
   */
  public record SealedSecret(String kind, SealedBox box) {}

  public Optional<SealedBox> sealed(long id, String kind) {
    return jdbc.queryOne(
        "SELECT sealed FROM sealed_secret WHERE reissue_id = ? AND kind = ?",
        row -> SealedBox.decode(row.getBytes("sealed")),
        id,
        kind);
  }

  /** Stores a sealed value of a row, in the caller's transaction; one of each kind per row. */
  public void store(Jdbc.Handle handle, long id, SealedSecret secret, Instant now) {
    handle.update(
        "INSERT INTO sealed_secret (reissue_id, kind, sealed, created_at) VALUES (?, ?, ?, ?)"
            + " ON CONFLICT (reissue_id, kind) DO NOTHING",
        id,
        secret.kind(),
        secret.box().encoded(),
        now);
  }
}
