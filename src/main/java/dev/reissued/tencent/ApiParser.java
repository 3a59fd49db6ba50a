package dev.reissued.tencent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns the API's JSON objects into records without ever throwing on odd values. */
final class ApiParser {
  private static final Logger log = LoggerFactory.getLogger(ApiParser.class);

  private ApiParser() {}

  /** A certificate object, or empty (with a WARN) when it has no id and so cannot be tracked. */
  static Optional<Certificate> certificate(String account, JsonNode node) {
    if (node == null || !node.isObject()) {
      log.warn(
          "account {}: skipped a certificate entry that is not a JSON object: {}", account, node);
      return Optional.empty();
    }
    String id = JsonFields.text(node, "CertificateId");
    if (id == null || id.isBlank()) {
      log.warn(
          "account {}: skipped a certificate without CertificateId (Domain {})",
          account,
          JsonFields.text(node, "Domain"));
      return Optional.empty();
    }
    ObjectNode raw = ((ObjectNode) node).deepCopy();
    // Detail answers for uploaded certificates can carry the private key; it is never stored.
    raw.remove("CertificatePrivateKey");
    return Optional.of(
        new Certificate(
            id,
            JsonFields.text(node, "Domain"),
            JsonFields.strings(node, "SubjectAltName"),
            JsonFields.text(node, "Alias"),
            JsonFields.number(node, "Status"),
            JsonFields.text(node, "StatusName"),
            JsonFields.text(node, "StatusMsg"),
            JsonFields.text(node, "From"),
            blankToNull(JsonFields.text(node, "PackageType")),
            JsonFields.text(node, "PackageTypeName"),
            JsonFields.bool(node, "IsDv"),
            JsonFields.bool(node, "IsVip"),
            JsonFields.text(node, "EncryptAlgorithm"),
            JsonFields.text(node, "CertificateType"),
            JsonFields.text(node, "VerifyType"),
            time(node, id, "CertBeginTime"),
            time(node, id, "CertEndTime"),
            time(node, id, "InsertTime"),
            JsonFields.text(node, "ProjectId"),
            JsonFields.bool(node, "RenewAble"),
            JsonFields.bool(node, "IsExpiring"),
            JsonFields.bool(node, "AllowDownload"),
            extra(node.get("CertificateExtra")),
            raw.toString()));
  }

  static List<Certificate> certificates(String account, JsonNode array, int[] skipped) {
    List<Certificate> result = new ArrayList<>();
    if (array == null || !array.isArray()) {
      return result;
    }
    for (JsonNode element : array) {
      Optional<Certificate> certificate = certificate(account, element);
      if (certificate.isPresent()) {
        result.add(certificate.get());
      } else {
        skipped[0]++;
      }
    }
    return result;
  }

  static DvAuthDetail dvAuthDetail(JsonNode node) {
    if (node == null || !node.isObject()) {
      return null;
    }
    List<DvAuth> auths = new ArrayList<>();
    JsonNode array = node.get("DvAuths");
    if (array != null && array.isArray()) {
      for (JsonNode auth : array) {
        auths.add(
            new DvAuth(
                JsonFields.text(auth, "DvAuthKey"),
                JsonFields.text(auth, "DvAuthValue"),
                JsonFields.text(auth, "DvAuthDomain"),
                JsonFields.text(auth, "DvAuthPath"),
                JsonFields.text(auth, "DvAuthSubDomain"),
                JsonFields.text(auth, "DvAuthVerifyType")));
      }
    }
    return new DvAuthDetail(
        JsonFields.text(node, "DvAuthKey"),
        JsonFields.text(node, "DvAuthValue"),
        JsonFields.text(node, "DvAuthDomain"),
        JsonFields.text(node, "DvAuthPath"),
        JsonFields.text(node, "DvAuthKeySubDomain"),
        auths);
  }

  private static CertificateExtra extra(JsonNode node) {
    if (node == null || !node.isObject()) {
      return CertificateExtra.NONE;
    }
    return new CertificateExtra(
        blankToNull(JsonFields.text(node, "ReplacedBy")),
        blankToNull(JsonFields.text(node, "ReplacedFor")),
        blankToNull(JsonFields.text(node, "OriginCertificateId")),
        blankToNull(JsonFields.text(node, "RenewOrder")));
  }

  private static Instant time(JsonNode node, String id, String field) {
    return TencentTime.read(JsonFields.text(node, field), id, field).orElse(null);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
