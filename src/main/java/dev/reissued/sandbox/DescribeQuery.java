package dev.reissued.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * DescribeCertificates over the sandbox's certificates: its filters (SearchKey, CertIds,
 * FilterSource, CertificateType, CertificateStatus), its order (newest first, or by ExpirationSort)
 * and its page (Offset, Limit). With a positive {@code repeated} total, the first page whatever the
 * Offset: a pager that never ends.
 */
final class DescribeQuery {
  private static final int DEFAULT_LIMIT = 10;
  private static final int MAX_LIMIT = 1000;

  private DescribeQuery() {}

  static ObjectNode answer(
      Collection<SandboxCertificate> certificates, JsonNode body, long repeated, Instant now) {
    int offset = repeated > 0 ? 0 : integer(body, "Offset", 0);
    int limit = integer(body, "Limit", DEFAULT_LIMIT);
    if (offset < 0) {
      throw new SandboxError("InvalidParameter", "Offset must not be negative.");
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new SandboxError("InvalidParameter", "Limit must be between 1 and 1000.");
    }
    String searchKey = SandboxStore.text(body, "SearchKey");
    Set<String> certIds = strings(body, "CertIds");
    String sort = SandboxStore.text(body, "ExpirationSort");
    String filterSource = SandboxStore.text(body, "FilterSource");
    String type = SandboxStore.text(body, "CertificateType");
    Set<String> statuses = strings(body, "CertificateStatus");
    List<SandboxCertificate> matching = new ArrayList<>();
    for (SandboxCertificate certificate : certificates) {
      if (searchKey != null && !searchKey.isBlank() && !matches(certificate, searchKey)) {
        continue;
      }
      if (!certIds.isEmpty() && !certIds.contains(certificate.id())) {
        continue;
      }
      if ("upload".equalsIgnoreCase(filterSource) && !certificate.isUploaded()
          || "buy".equalsIgnoreCase(filterSource) && certificate.isUploaded()) {
        continue;
      }
      if (type != null && !type.isBlank() && !type.equals(certificate.certificateType())) {
        continue;
      }
      if (!statuses.isEmpty() && !statuses.contains(String.valueOf(certificate.status()))) {
        continue;
      }
      matching.add(certificate);
    }
    Comparator<SandboxCertificate> byInsertDesc =
        Comparator.comparing(
                SandboxCertificate::insertTime, Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparing(SandboxCertificate::id);
    if (sort != null && !sort.isBlank()) {
      Comparator<Instant> order =
          switch (sort) {
            case "ASC" -> Comparator.naturalOrder();
            case "DESC" -> Comparator.reverseOrder();
            default ->
                throw new SandboxError(
                    "InvalidParameterValue", "ExpirationSort must be ASC or DESC.");
          };
      matching.sort(
          Comparator.comparing(SandboxCertificate::notAfter, Comparator.nullsLast(order))
              .thenComparing(SandboxCertificate::id));
    } else {
      matching.sort(byInsertDesc);
    }
    ObjectNode response = CertificateJson.JSON.createObjectNode();
    response.put("TotalCount", repeated > 0 ? repeated : matching.size());
    ArrayNode page = response.putArray("Certificates");
    for (int i = offset; i < Math.min(matching.size(), offset + limit); i++) {
      page.add(CertificateJson.listItem(matching.get(i), now));
    }
    return response;
  }

  private static boolean matches(SandboxCertificate certificate, String searchKey) {
    String key = searchKey.toLowerCase(Locale.ROOT);
    return contains(certificate.id(), key)
        || contains(certificate.domain(), key)
        || contains(certificate.alias(), key)
        || certificate.subjectAltNames().stream().anyMatch(name -> contains(name, key));
  }

  private static boolean contains(String value, String key) {
    return value != null && value.toLowerCase(Locale.ROOT).contains(key);
  }

  private static int integer(JsonNode body, String field, int fallback) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw new SandboxError("InvalidParameter", field + " must be an integer.");
    }
    return value.asInt();
  }

  private static Set<String> strings(JsonNode body, String field) {
    JsonNode value = body.get(field);
    Set<String> result = new HashSet<>();
    if (value == null || value.isNull()) {
      return result;
    }
    if (!value.isArray()) {
      throw new SandboxError("InvalidParameter", field + " must be an array.");
    }
    value.forEach(element -> result.add(element.asText()));
    return result;
  }
}
