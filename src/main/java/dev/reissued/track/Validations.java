package dev.reissued.track;

import dev.reissued.db.Jdbc;
import dev.reissued.tencent.DvAuth;
import dev.reissued.tencent.DvAuthDetail;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code validation} table: the DNS or FILE records an operator must publish for a new
 * certificate, as {@code DescribeCertificateDetail} gives them; {@code v_validations} shows them.
 */
final class Validations {
  private Validations() {}

  static void store(Jdbc.Handle handle, String certificateId, DvAuthDetail detail, Instant now) {
    handle.update("DELETE FROM validation WHERE certificate_id = ?", certificateId);
    if (detail == null) {
      return;
    }
    List<Object[]> rows = new ArrayList<>();
    if (detail.dvAuths().isEmpty()) {
      if (detail.dvAuthKey() != null || detail.dvAuthValue() != null) {
        rows.add(
            new Object[] {
              certificateId,
              0,
              detail.dvAuthDomain(),
              null,
              detail.dvAuthKey(),
              detail.dvAuthValue(),
              detail.dvAuthPath(),
              detail.dvAuthKeySubDomain(),
              now
            });
      }
    } else {
      int position = 0;
      for (DvAuth auth : detail.dvAuths()) {
        rows.add(
            new Object[] {
              certificateId,
              position++,
              auth.dvAuthDomain(),
              auth.dvAuthVerifyType(),
              auth.dvAuthKey(),
              auth.dvAuthValue(),
              auth.dvAuthPath(),
              auth.dvAuthSubDomain(),
              now
            });
      }
    }
    handle.batch(
        "INSERT INTO validation (certificate_id, position, domain, verify_type, auth_key, auth_value, auth_path,"
            + " sub_domain, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows);
  }
}
