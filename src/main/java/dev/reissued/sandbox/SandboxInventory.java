package dev.reissued.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reissued.ReissuedException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Certificates to fill a sandbox with. Expiry must be relative to today, so the sample stores
 * offsets in days and is materialized against a clock.
 */
public final class SandboxInventory {
  private static final String SAMPLE = "/sandbox/sample-inventory.json";
  private static final String ID_ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private SandboxInventory() {}

  /**
   * The sample shipped in the jar: free and paid, due (expiring within 30 days) and not, uploaded,
   * expired, reviewing, already re-issued (lineage present), wildcard and multi-SAN. Some, due and
   * not, are bound to cloud resources: CLB listeners in two regions, CDN, EdgeOne, WAF and COS.
   */
  public static List<SandboxCertificate> sample(Clock clock) {
    JsonNode root;
    try (InputStream in = SandboxInventory.class.getResourceAsStream(SAMPLE)) {
      if (in == null) {
        throw new ReissuedException("the jar lacks " + SAMPLE);
      }
      root = new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new ReissuedException("cannot read " + SAMPLE + ": " + e.getMessage(), e);
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    List<SandboxCertificate> certificates = new ArrayList<>();
    for (JsonNode entry : root.path("certificates")) {
      certificates.add(materialize(entry, now));
    }
    return certificates;
  }

  /**
   * {@code count} made-up certificates, the same for the same seed and clock: about 60% free, 30%
   * paid, 10% uploaded, ending between 30 days ago and a year from now.
   */
  public static List<SandboxCertificate> synthetic(int count, long seed, Clock clock) {
    Random random = new Random(seed);
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Set<String> ids = new HashSet<>();
    List<SandboxCertificate> certificates = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String id;
      do {
        StringBuilder text = new StringBuilder(8);
        for (int c = 0; c < 8; c++) {
          text.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
        }
        id = text.toString();
      } while (!ids.add(id));
      String domain = String.format("host-%05d.synthetic.test", i);
      int kind = random.nextInt(10);
      long endsInSeconds = (long) (random.nextDouble() * 395 * 86400) - 30L * 86400;
      Instant notAfter = now.plusSeconds(endsInSeconds);
      SandboxCertificate.Builder builder = SandboxCertificate.builder(id, domain);
      Duration validity = SandboxStore.FREE_VALIDITY;
      if (kind >= 9) {
        builder.uploaded();
        validity = SandboxStore.PAID_VALIDITY;
      } else if (kind >= 6) {
        builder.paid();
        validity = SandboxStore.PAID_VALIDITY;
      }
      Instant notBefore = notAfter.minus(validity);
      builder
          .validity(notBefore, notAfter)
          .insertTime(notBefore.minus(Duration.ofHours(1)))
          .status(
              notAfter.isBefore(now)
                  ? SandboxCertificate.STATUS_EXPIRED
                  : SandboxCertificate.STATUS_ISSUED);
      certificates.add(builder.build());
    }
    return certificates;
  }

  private static SandboxCertificate materialize(JsonNode entry, Instant now) {
    String id = entry.path("id").asText();
    String domain = entry.path("domain").asText();
    SandboxCertificate.Builder builder = SandboxCertificate.builder(id, domain);
    List<String> sans = new ArrayList<>();
    entry.path("sans").forEach(name -> sans.add(name.asText()));
    if (!sans.isEmpty()) {
      builder.subjectAltNames(sans);
    }
    switch (entry.path("kind").asText("free")) {
      case "paid" -> builder.paid();
      case "uploaded" -> builder.uploaded();
      default -> {}
    }
    if (entry.hasNonNull("packageType")) {
      builder.packageType(
          entry.get("packageType").asText(), entry.path("packageTypeName").asText(null));
    }
    if (entry.hasNonNull("alias")) {
      builder.alias(entry.get("alias").asText());
    }
    if (entry.hasNonNull("encryptAlgorithm")) {
      builder.encryptAlgorithm(entry.get("encryptAlgorithm").asText());
    }
    if (entry.hasNonNull("verifyType")) {
      builder.verifyType(entry.get("verifyType").asText());
    }
    int status = entry.path("status").asInt(SandboxCertificate.STATUS_ISSUED);
    Instant inserted = now.minus(Duration.ofDays(1));
    if (entry.has("endsInDays")) {
      Instant notAfter = now.plus(Duration.ofDays(entry.get("endsInDays").asLong()));
      Instant notBefore = notAfter.minus(Duration.ofDays(entry.path("validityDays").asLong(90)));
      builder.validity(notBefore, notAfter);
      inserted = notBefore.minus(Duration.ofHours(1));
      if (status == SandboxCertificate.STATUS_ISSUED && notAfter.isBefore(now)) {
        status = SandboxCertificate.STATUS_EXPIRED;
      }
    }
    builder.status(status).insertTime(inserted);
    if (entry.hasNonNull("statusMsg")) {
      builder.statusMsg(entry.get("statusMsg").asText());
    }
    builder.lineage(
        entry.path("replacedBy").asText(null),
        entry.path("replacedFor").asText(null),
        entry.path("originCertificateId").asText(null));
    if (entry.has("rawOverrides")) {
      Map<String, Object> overrides = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> field : entry.get("rawOverrides").properties()) {
        overrides.put(field.getKey(), field.getValue().asText());
      }
      builder.rawOverrides(overrides);
    }
    List<SandboxResource> boundTo = new ArrayList<>();
    entry.path("boundTo").forEach(resource -> boundTo.add(CloudStateJson.resource(resource)));
    return builder.boundTo(boundTo).build();
  }
}
