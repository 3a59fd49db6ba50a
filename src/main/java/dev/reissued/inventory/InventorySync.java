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
 * Brings one account's inventory in line with DescribeCertificates. Everything is read from the API
 * first and written in one transaction, so a sync that fails part-way (bad credentials, the API
 * down) writes nothing. Certificates the API stops returning are marked gone, never deleted: the
 * ledger refers to them.
 */
public final class InventorySync {
  private static final Logger log = LoggerFactory.getLogger(InventorySync.class);

  private static final String UPSERT =
      """
      INSERT INTO certificate (certificate_id, account, domain, alt_names, alias, status, status_name, status_msg,
                               source, package_type, package_type_name, is_free, is_uploaded, encrypt_algorithm,
                               certificate_type, verify_type, not_before, not_after, inserted_at, project_id,
                               renewable, replaced_by, replaced_for, origin_certificate_id, raw, raw_sha256,
                               first_seen_at, last_synced_at, gone_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, NULL)
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

  public Result sync(TencentClient client) {
    List<Certificate> certificates = client.listAllCertificates();
    Result result = write(client.account(), certificates);
    log.info("synced {}", result);
    return result;
  }

  /** Writes one account's complete list in one transaction. */
  public Result write(String account, List<Certificate> certificates) {
    Instant now = clock.instant();
    return jdbc.inTransaction(
        handle -> {
          Map<String, String> known = new HashMap<>();
          for (String[] row :
              handle.query(
                  "SELECT certificate_id, raw_sha256, gone_at IS NOT NULL FROM certificate WHERE account = ?",
                  row -> new String[] {row.getString(1), row.getString(2), row.getString(3)},
                  account)) {
            known.put(row[0], "t".equals(row[2]) ? "" : row[1]);
          }
          List<Object[]> upserts = new ArrayList<>();
          List<String> seen = new ArrayList<>();
          int added = 0;
          int changed = 0;
          for (Certificate certificate : certificates) {
            seen.add(certificate.certificateId());
            String hash = sha256(certificate.raw());
            String before = known.get(certificate.certificateId());
            if (before == null) {
              added++;
            } else if (!before.equals(hash)) {
              changed++;
            } else {
              continue;
            }
            upserts.add(parameters(account, certificate, now));
          }
          handle.batch(UPSERT, upserts);
          String[] ids = seen.toArray(String[]::new);
          handle.update(
              "UPDATE certificate SET last_synced_at = ? WHERE account = ? AND certificate_id = ANY (?)",
              now,
              account,
              ids);
          // NOT IN over a subquery is hashed; NOT (id = ANY (array)) scans the array for every row,
          // which took 1.9 s of a 10,000-certificate sync.
          int gone =
              handle.update(
                  "UPDATE certificate SET gone_at = ? WHERE account = ? AND gone_at IS NULL"
                      + " AND certificate_id NOT IN (SELECT unnest(?::text[]))",
                  now,
                  account,
                  ids);
          return new Result(account, certificates.size(), added, changed, gone);
        });
  }

  /**
   * Upserts one certificate read on its own (tracking a new certificate), leaving the rest alone.
   */
  public void upsertOne(Jdbc.Handle handle, String account, Certificate certificate) {
    handle.update(UPSERT, parameters(account, certificate, clock.instant()));
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

  private static Object[] parameters(String account, Certificate certificate, Instant now) {
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
      sha256(certificate.raw()),
      now,
      now
    };
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
