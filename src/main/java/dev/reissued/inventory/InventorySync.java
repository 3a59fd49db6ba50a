package dev.reissued.inventory;

import dev.reissued.db.Jdbc;
import dev.reissued.tencent.Certificate;
import dev.reissued.tencent.TencentClient;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings one account's inventory in line with DescribeCertificates, a page at a time, writing only
 * what changed; the next page is fetched while the last is written ({@link PageHandover}). One
 * transaction spans the whole listing, so a sync that fails part-way (bad credentials, the API
 * down, a page that does not add up) leaves the account's inventory as it was. Each page's ids are
 * staged with COPY; a certificate is written only when it is new, its API text changed ({@code
 * raw_sha256}), or it returns after being gone. At the end the account's certificates missing from
 * the stage are marked gone (never deleted: the ledger refers to them) and the sync is recorded
 * once in {@code account_sync}, which says when every other live certificate of the account was
 * last seen.
 */
public final class InventorySync {
  private static final Logger log = LoggerFactory.getLogger(InventorySync.class);

  static final String COLUMNS =
      "certificate_id, account, domain, alt_names, alias, status, status_name, status_msg, source,"
          + " package_type, package_type_name, is_free, is_uploaded, encrypt_algorithm,"
          + " certificate_type, verify_type, not_before, not_after, inserted_at, project_id,"
          + " renewable, replaced_by, replaced_for, origin_certificate_id, raw, raw_sha256";

  private static final String ON_CONFLICT =
      """
       ON CONFLICT (certificate_id) DO UPDATE SET
          account = excluded.account, domain = excluded.domain, alt_names = excluded.alt_names,
          alias = excluded.alias, status = excluded.status, status_name = excluded.status_name,
          status_msg = excluded.status_msg, source = excluded.source, package_type = excluded.package_type,
          package_type_name = excluded.package_type_name, is_free = excluded.is_free,
          is_uploaded = excluded.is_uploaded, encrypt_algorithm = excluded.encrypt_algorithm,
          certificate_type = excluded.certificate_type, verify_type = excluded.verify_type,
          not_before = excluded.not_before, not_after = excluded.not_after, inserted_at = excluded.inserted_at,
          project_id = excluded.project_id, renewable = excluded.renewable,
          replaced_by = coalesce(excluded.replaced_by, certificate.replaced_by),
          replaced_for = coalesce(excluded.replaced_for, certificate.replaced_for),
          origin_certificate_id = excluded.origin_certificate_id, raw = excluded.raw, raw_sha256 = excluded.raw_sha256,
          last_synced_at = excluded.last_synced_at, gone_at = NULL
      """;

  private static final String UPSERT =
      "INSERT INTO certificate ("
          + COLUMNS
          + ", first_seen_at, last_synced_at, gone_at)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?,"
          + " ?, ?, NULL)"
          + ON_CONFLICT;

  private static final String MERGE_STAGED =
      "INSERT INTO certificate ("
          + COLUMNS
          + ", first_seen_at, last_synced_at, gone_at) SELECT "
          + COLUMNS
          + ", ?, ?, NULL FROM "
          + SyncStage.CHANGED
          + ON_CONFLICT;

  private static final String MARK_GONE =
      "UPDATE certificate c SET gone_at = ?, last_synced_at = "
          + Inventory.LAST_SEEN
          + " WHERE c.account = ? AND c.gone_at IS NULL AND NOT EXISTS (SELECT 1 FROM "
          + SyncStage.SEEN
          + " s WHERE s.certificate_id = c.certificate_id)";

  private static final String RECORD_SYNC =
      """
      INSERT INTO account_sync AS last (account, generation, synced_at, certificates, added, changed, gone)
      VALUES (?, 1, ?, ?, ?, ?, ?)
      ON CONFLICT (account) DO UPDATE SET
          generation = last.generation + 1, synced_at = excluded.synced_at,
          certificates = excluded.certificates, added = excluded.added, changed = excluded.changed,
          gone = excluded.gone
      """;

  private final Jdbc jdbc;
  private final Clock clock;

  public InventorySync(Jdbc jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** What one sync changed. */
  public record Result(String account, int total, int added, int changed, int gone) {
    @Override
    public String toString() {
      return "account "
          + account
          + ": "
          + total
          + " certificates ("
          + added
          + " new, "
          + changed
          + " changed, "
          + gone
          + " gone)";
    }
  }

  /** An account's complete listing, handed over a page at a time (each certificate once). */
  @FunctionalInterface
  interface Listing extends PageHandover.Pages<Certificate> {}

  public Result sync(TencentClient client) {
    Result result = sync(client.account(), client::forEachCertificatePage);
    log.info("synced {}", result);
    return result;
  }

  /** Writes one account's listing, page by page, in one transaction. */
  Result sync(String account, Listing listing) {
    Instant now = clock.instant();
    return jdbc.inTransaction(
        handle -> {
          SyncStage stage = SyncStage.create(handle);
          int[] counts = new int[3];
          try (PageHandover<Certificate> pages =
              PageHandover.start(listing, "sync-listing-" + account)) {
            pages.forEachPage(page -> writePage(handle, stage, account, page, now, counts));
          }
          stage.analyzeSeen();
          int gone = handle.update(MARK_GONE, now, account);
          Result result = new Result(account, counts[0], counts[1], counts[2], gone);
          handle.update(
              RECORD_SYNC,
              account,
              now,
              result.total(),
              result.added(),
              result.changed(),
              result.gone());
          return result;
        });
  }

  /**
   * Stages the page's ids, and writes the certificates that are new or changed: {@code counts}
   * holds the totals so far (listed, added, changed).
   */
  private static void writePage(
      Jdbc.Handle handle,
      SyncStage stage,
      String account,
      List<Certificate> page,
      Instant now,
      int[] counts) {
    Map<String, Stored> stored = new HashMap<>();
    for (Stored row :
        handle.query(
            // A join, not "certificate_id = ANY (?)": on a table without statistics yet (a first
            // sync) the planner may scan it and compare every row with the whole page.
            "SELECT c.certificate_id, c.account, c.raw_sha256, c.gone_at IS NOT NULL"
                + " FROM unnest(?::text[]) AS listed (id) JOIN certificate c ON c.certificate_id = listed.id",
            row ->
                new Stored(row.getString(1), row.getString(2), row.getString(3), row.getBoolean(4)),
            (Object) page.stream().map(Certificate::certificateId).toArray(String[]::new))) {
      stored.put(row.certificateId(), row);
    }
    List<Object[]> writes = new ArrayList<>();
    for (Certificate certificate : page) {
      String hash = sha256(certificate.raw());
      Stored before = stored.get(certificate.certificateId());
      if (before == null || !before.account().equals(account)) {
        counts[1]++;
      } else if (before.gone() || !hash.equals(before.hash())) {
        counts[2]++;
      } else {
        continue;
      }
      writes.add(values(account, certificate, hash));
    }
    counts[0] += page.size();
    stage.seen(page);
    if (!writes.isEmpty()) {
      stage.changed(writes);
      handle.update(MERGE_STAGED, now, now);
      stage.clearChanged();
    }
  }

  /** What the inventory holds of a listed certificate, to tell whether it changed. */
  private record Stored(String certificateId, String account, String hash, boolean gone) {}

  /**
   * Upserts one certificate read on its own (tracking a new certificate), leaving the rest alone.
   */
  public void upsertOne(Jdbc.Handle handle, String account, Certificate certificate) {
    Instant now = clock.instant();
    Object[] values = values(account, certificate, sha256(certificate.raw()));
    Object[] parameters = java.util.Arrays.copyOf(values, values.length + 2);
    parameters[values.length] = now;
    parameters[values.length + 1] = now;
    handle.update(UPSERT, parameters);
  }

  public void upsertOne(String account, Certificate certificate) {
    jdbc.inTransaction(
        handle -> {
          upsertOne(handle, account, certificate);
          return null;
        });
  }

  static String sha256(String text) {
    try {
      byte[] digest =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest((text == null ? "" : text).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(digest);
    } catch (java.security.NoSuchAlgorithmException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  /** The certificate's values for {@link #COLUMNS}, in order. */
  private static Object[] values(String account, Certificate certificate, String hash) {
    return new Object[] {
      certificate.certificateId(),
      account,
      certificate.domain() == null ? "" : certificate.domain(),
      certificate.subjectAltName().toArray(String[]::new),
      certificate.alias(),
      certificate.status() == null ? null : certificate.status().intValue(),
      certificate.statusName(),
      certificate.statusMsg(),
      certificate.from(),
      certificate.packageType(),
      certificate.packageTypeName(),
      certificate.isFree(),
      certificate.isUploaded(),
      certificate.encryptAlgorithm(),
      certificate.certificateType(),
      certificate.verifyType(),
      certificate.certBeginTime(),
      certificate.certEndTime(),
      certificate.insertTime(),
      certificate.projectId(),
      certificate.renewAble(),
      blankToNull(certificate.certificateExtra().replacedBy()),
      blankToNull(certificate.certificateExtra().replacedFor()),
      blankToNull(certificate.certificateExtra().originCertificateId()),
      certificate.raw() == null || certificate.raw().isBlank() ? "{}" : certificate.raw(),
      hash
    };
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
