package dev.reissued.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sandbox's certificates and the SSL API's rules over them. Time comes from the caller (the
 * sandbox's clock); a pending certificate becomes issued lazily, when a read finds its clock past
 * the certificate's {@code issueAt}, so tests move time instead of waiting for timers.
 */
final class SandboxStore {
  static final Duration FREE_VALIDITY = Duration.ofDays(90);
  static final Duration PAID_VALIDITY = Duration.ofDays(365);
  private static final String ID_ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private final Map<String, SandboxCertificate> byId = new LinkedHashMap<>();
  private final Random random;
  private final SandboxCa ca;
  private final Runnable onChange;
  private volatile Duration issueDelay;
  private volatile ArchiveFault everyArchive = ArchiveFault.NONE;
  private final Map<String, ArchiveFault> archiveFaults = new ConcurrentHashMap<>();
  private volatile long repeatedPageTotal;
  private volatile ReissueValidity reissueValidity = ReissueValidity.KEEP;
  private final FreeQuota quota = new FreeQuota(0, 0);

  SandboxStore(SandboxCa ca, long seed, Duration issueDelay, Runnable onChange) {
    this.ca = ca;
    this.random = new Random(seed);
    this.issueDelay = issueDelay;
    this.onChange = onChange;
  }

  void setIssueDelay(Duration delay) {
    this.issueDelay = delay;
  }

  void setReissueValidity(ReissueValidity validity) {
    this.reissueValidity = validity;
  }

  FreeQuota quota() {
    return quota;
  }

  /** {@code fault} for the archives of {@code certificateIds}, or of every certificate if none. */
  void setArchiveFault(ArchiveFault fault, Set<String> certificateIds) {
    if (certificateIds.isEmpty()) {
      everyArchive = fault;
      archiveFaults.clear();
      return;
    }
    for (String id : certificateIds) {
      if (fault == ArchiveFault.NONE) {
        archiveFaults.remove(id);
      } else {
        archiveFaults.put(id, fault);
      }
    }
  }

  /**
   * With a positive {@code totalCount}, every DescribeCertificates gets the first page, whatever
   * its Offset, and says there are {@code totalCount} certificates: a pager that never ends. 0
   * turns it off.
   */
  void setRepeatedPage(long totalCount) {
    this.repeatedPageTotal = totalCount;
  }

  synchronized void put(SandboxCertificate certificate) {
    byId.put(certificate.id(), certificate);
    onChange.run();
  }

  synchronized void putAll(List<SandboxCertificate> certificates) {
    certificates.forEach(certificate -> byId.put(certificate.id(), certificate));
    onChange.run();
  }

  synchronized List<SandboxCertificate> snapshot(Instant now) {
    settleAll(now);
    return List.copyOf(byId.values());
  }

  synchronized Optional<SandboxCertificate> get(String id, Instant now) {
    settleAll(now);
    return Optional.ofNullable(byId.get(id));
  }

  synchronized int size() {
    return byId.size();
  }

  synchronized ObjectNode describe(JsonNode body, Instant now) {
    settleAll(now);
    return DescribeQuery.answer(byId.values(), body, repeatedPageTotal, now);
  }

  synchronized ObjectNode detail(JsonNode body, Instant now) {
    settleAll(now);
    return CertificateJson.detail(find(required(body, "CertificateId")), now);
  }

  synchronized ObjectNode download(JsonNode body, Instant now) {
    settleAll(now);
    SandboxCertificate certificate = find(required(body, "CertificateId"));
    if (certificate.status() != SandboxCertificate.STATUS_ISSUED) {
      throw new SandboxError(
          "FailedOperation.CertificateStatusNotAllowDownload",
          "The certificate's status does not allow download.");
    }
    ArchiveFault fault = archiveFaults.getOrDefault(certificate.id(), everyArchive);
    byte[] zip;
    if (fault != ArchiveFault.NONE) {
      zip = DownloadArchive.hostile(fault, certificate.domain());
    } else {
      certificate = withLeaf(certificate, now);
      zip =
          DownloadArchive.zip(
              certificate.domain(),
              certificate.material().certificatePem(),
              ca.intermediatePem(),
              certificate.material().keyPem(),
              certificate.material().csrPem());
    }
    ObjectNode response = CertificateJson.JSON.createObjectNode();
    response.put("Content", Base64.getEncoder().encodeToString(zip));
    response.put("ContentType", "application/zip");
    return response;
  }

  /**
   * Runs ReplaceCertificate's rules ({@link ReplaceRules}); answers the new certificate's id or
   * throws the API's error.
   */
  synchronized String replace(JsonNode body, Instant now) {
    settleAll(now);
    ReplaceRules.Request request = ReplaceRules.parse(body);
    SandboxCertificate old = find(request.certificateId());
    ReplaceRules.IssuedKey issued = ReplaceRules.check(old, request, body);
    String newId = newId();
    byId.put(
        old.id(),
        old.toBuilder().lineage(old.replacedBy(), newId, old.originCertificateId()).build());
    byId.put(newId, ReplaceRules.certificate(newId, old, request, issued, now, issueDelay));
    settleAll(now);
    onChange.run();
    return newId;
  }

  /**
   * Runs ApplyCertificate's rules ({@link ApplyRules}) and the quota; answers the new certificate's
   * id, or throws the API's error with nothing created and no quota used.
   */
  synchronized String apply(JsonNode body, Instant now) {
    settleAll(now);
    ApplyRules.Application application = ApplyRules.parse(body);
    SandboxCertificate old = null;
    if (application.oldCertificateId() != null) {
      old = find(application.oldCertificateId());
      ApplyRules.checkRenewal(old, application, now);
    }
    quota.check(application.domain());
    String newId = newId();
    byId.put(newId, ApplyRules.certificate(newId, application, old, now, issueDelay));
    quota.use(application.domain());
    settleAll(now);
    onChange.run();
    return newId;
  }

  synchronized ObjectNode checkVerification(JsonNode body, Instant now) {
    settleAll(now);
    return DomainValidation.check(find(required(body, "CertificateId")));
  }

  synchronized ObjectNode complete(JsonNode body, Instant now) {
    settleAll(now);
    SandboxCertificate certificate = find(required(body, "CertificateId"));
    SandboxCertificate completed = DomainValidation.complete(certificate, now);
    if (completed != certificate) {
      byId.put(completed.id(), completed);
      settleAll(now);
      onChange.run();
    }
    ObjectNode response = CertificateJson.JSON.createObjectNode();
    response.put("CertificateId", certificate.id());
    return response;
  }

  /** Marks a certificate's DNS or FILE records as published (see {@link DomainValidation}). */
  synchronized void publish(String id, Instant now) {
    settleAll(now);
    SandboxCertificate certificate = byId.get(id);
    if (certificate == null) {
      throw new IllegalArgumentException("the sandbox has no certificate " + id);
    }
    SandboxCertificate published = DomainValidation.publish(certificate, now, issueDelay);
    if (published != certificate) {
      byId.put(id, published);
      settleAll(now);
      onChange.run();
    }
  }

  private SandboxCertificate withLeaf(SandboxCertificate certificate, Instant now) {
    SandboxCertificate updated = ca.withLeaf(certificate, now);
    if (updated != certificate) {
      byId.put(updated.id(), updated);
      onChange.run();
    }
    return updated;
  }

  private void settleAll(Instant now) {
    boolean changed = false;
    for (SandboxCertificate certificate : List.copyOf(byId.values())) {
      SandboxCertificate settled = Lifecycle.settle(certificate, now, keptEnd(certificate));
      if (settled != certificate) {
        byId.put(settled.id(), settled);
        changed = true;
      }
    }
    if (changed) {
      onChange.run();
    }
  }

  /**
   * The end date a pending re-issue keeps when issued under {@link ReissueValidity#KEEP}: that of
   * the certificate it re-issues (itself perhaps a re-issue that kept its own), or null for a fresh
   * validity.
   */
  private Instant keptEnd(SandboxCertificate certificate) {
    if (reissueValidity != ReissueValidity.KEEP
        || certificate.status() != SandboxCertificate.STATUS_REVIEWING
        || certificate.replacedBy() == null) {
      return null;
    }
    SandboxCertificate original = byId.get(certificate.replacedBy());
    return original == null ? null : original.notAfter();
  }

  private SandboxCertificate find(String id) {
    SandboxCertificate certificate = byId.get(id);
    if (certificate == null) {
      throw new SandboxError(
          "FailedOperation.CertificateNotFound", "The certificate " + id + " does not exist.");
    }
    return certificate;
  }

  private String newId() {
    while (true) {
      StringBuilder id = new StringBuilder(8);
      for (int i = 0; i < 8; i++) {
        id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
      }
      if (!byId.containsKey(id.toString())) {
        return id.toString();
      }
    }
  }

  static String text(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isValueNode()) {
      throw new SandboxError("InvalidParameter", field + " must be a string.");
    }
    return value.asText();
  }

  static String required(JsonNode body, String field) {
    String value = text(body, field);
    if (value == null || value.isBlank()) {
      throw new SandboxError("MissingParameter", "The request is missing " + field + ".");
    }
    return value;
  }
}
