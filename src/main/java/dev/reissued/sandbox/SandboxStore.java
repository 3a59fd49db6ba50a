package dev.reissued.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
  private static final int DEFAULT_LIMIT = 10;
  private static final int MAX_LIMIT = 1000;
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
    long repeated = repeatedPageTotal;
    int offset = repeated > 0 ? 0 : integer(body, "Offset", 0);
    int limit = integer(body, "Limit", DEFAULT_LIMIT);
    if (offset < 0) {
      throw new SandboxError("InvalidParameter", "Offset must not be negative.");
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new SandboxError("InvalidParameter", "Limit must be between 1 and 1000.");
    }
    String searchKey = text(body, "SearchKey");
    Set<String> certIds = strings(body, "CertIds");
    String sort = text(body, "ExpirationSort");
    String filterSource = text(body, "FilterSource");
    String type = text(body, "CertificateType");
    Set<String> statuses = strings(body, "CertificateStatus");
    List<SandboxCertificate> matching = new ArrayList<>();
    for (SandboxCertificate certificate : byId.values()) {
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

  /** Runs the re-issue rules; answers the new certificate's id or throws the API's error. */
  synchronized String replace(JsonNode body, Instant now) {
    settleAll(now);
    String id = required(body, "CertificateId");
    String validType = required(body, "ValidType").toUpperCase(Locale.ROOT);
    if (!Set.of("DNS_AUTO", "DNS", "FILE").contains(validType)) {
      throw new SandboxError("InvalidParameterValue", "ValidType must be DNS_AUTO, DNS or FILE.");
    }
    String csrType = Optional.ofNullable(text(body, "CsrType")).orElse("original");
    csrType = csrType.toLowerCase(Locale.ROOT);
    if (!Set.of("original", "upload", "online").contains(csrType)) {
      throw new SandboxError(
          "InvalidParameter.RenewGenCsrMethodInvalid",
          "CsrType must be original, upload or online.");
    }
    SandboxCertificate old = find(id);
    if (old.isUploaded()) {
      throw new SandboxError(
          "FailedOperation.InvalidCertificateSource",
          "An uploaded certificate cannot be re-issued.");
    }
    if (old.status() != SandboxCertificate.STATUS_ISSUED) {
      throw new SandboxError(
          "FailedOperation.InvalidCertificateStatusCode",
          "The certificate's status " + old.status() + " does not allow a re-issue.");
    }
    boolean spent = old.replacedFor() != null || (old.isFree() && old.replacedBy() != null);
    if (spent) {
      throw new SandboxError(
          "FailedOperation.OrderAlreadyReplaced", "The order has already been re-issued.");
    }
    Issued issued =
        switch (csrType) {
          case "online" -> online(old, body);
          case "upload" -> upload(old, body);
          default -> original(old);
        };
    Instant inserted = now.truncatedTo(ChronoUnit.SECONDS);
    String newId = newId();
    SandboxCertificate replacement =
        SandboxCertificate.builder(newId, old.domain())
            .subjectAltNames(old.subjectAltNames())
            .alias(old.alias())
            .status(SandboxCertificate.STATUS_REVIEWING)
            .statusMsg("PENDING-DCV")
            .from(old.from())
            .packageType(old.packageType(), old.packageTypeName())
            .encryptAlgorithm(issued.encryptAlgorithm())
            .certificateType(old.certificateType())
            .verifyType(validType)
            .insertTime(inserted)
            .projectId(old.projectId())
            .lineage(
                old.id(),
                null,
                old.originCertificateId() == null ? old.id() : old.originCertificateId())
            .issueAt(inserted.plus(issueDelay))
            .material(issued.material())
            .build();
    byId.put(
        old.id(),
        old.toBuilder().lineage(old.replacedBy(), newId, old.originCertificateId()).build());
    byId.put(newId, replacement);
    settleAll(now);
    onChange.run();
    return newId;
  }

  private record Issued(String encryptAlgorithm, KeyMaterial material) {}

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

  private Issued online(SandboxCertificate old, JsonNode body) {
    String algorithm =
        Optional.ofNullable(text(body, "CertCSREncryptAlgo"))
            .orElse("RSA")
            .toUpperCase(Locale.ROOT);
    String parameter = text(body, "CertCSRKeyParameter");
    String label =
        switch (algorithm) {
          case "RSA" -> {
            String bits = parameter == null ? "2048" : parameter;
            if (!bits.equals("2048") && !bits.equals("4096")) {
              throw algorithmInvalid("RSA keys are 2048 or 4096 bits.");
            }
            yield "RSA " + bits;
          }
          case "ECC" -> {
            String curve = parameter == null ? "prime256v1" : parameter;
            if (!curve.equals("prime256v1") && !curve.equals("secp384r1")) {
              throw algorithmInvalid("ECC curves are prime256v1 or secp384r1.");
            }
            yield curve.equals("prime256v1") ? "ECC 256" : "ECC 384";
          }
          case "SM2" -> "SM2 256";
          default -> throw algorithmInvalid("CertCSREncryptAlgo must be RSA, ECC or SM2.");
        };
    if (old.isFree() && !label.equals("RSA 2048")) {
      throw algorithmInvalid("A free certificate can only be re-issued as RSA 2048.");
    }
    return new Issued(label, KeyMaterial.madeByTencent(label, text(body, "CsrkeyPassword")));
  }

  private Issued upload(SandboxCertificate old, JsonNode body) {
    String pem = text(body, "CsrContent");
    CsrCheck.Facts csr = CsrCheck.parse(pem);
    String domain = old.domain() == null ? "" : old.domain().toLowerCase(Locale.ROOT);
    if (!csr.names().contains(domain)) {
      throw new SandboxError(
          "InvalidParameter.RenewCsrInvalid",
          "The CSR does not name the certificate's domain " + old.domain() + ".");
    }
    if (old.isFree() && !csr.isRsa2048()) {
      throw algorithmInvalid("A free certificate can only be re-issued as RSA 2048.");
    }
    String label =
        csr.keyAlgorithm().equals("RSA") ? "RSA " + csr.keySize() : "ECC " + csr.keySize();
    return new Issued(label, new KeyMaterial(pem, SandboxPem.write(csr.publicKey()), null, null));
  }

  private Issued original(SandboxCertificate old) {
    if (old.isFree() && !"RSA 2048".equals(old.encryptAlgorithm())) {
      throw algorithmInvalid(
          "A free certificate can only be re-issued as RSA 2048; the original CSR is "
              + old.encryptAlgorithm()
              + ".");
    }
    KeyMaterial material = old.material();
    return new Issued(
        old.encryptAlgorithm(),
        new KeyMaterial(material.csrPem(), material.publicKeyPem(), null, null));
  }

  private SandboxCertificate withLeaf(SandboxCertificate certificate, Instant now) {
    KeyMaterial material = certificate.material();
    if (material.certificatePem() != null) {
      return certificate;
    }
    PublicKey key;
    if (material.publicKeyPem() != null) {
      key = SandboxPem.publicKey(material.publicKeyPem());
    } else {
      // The holder's key is not the sandbox's to know; make one so the certificate is real.
      String algorithm = String.valueOf(certificate.encryptAlgorithm());
      key =
          (algorithm.startsWith("ECC") ? SandboxPem.ec("prime256v1") : SandboxPem.rsa(2048))
              .getPublic();
      material = material.withPublicKeyPem(SandboxPem.write(key));
    }
    Instant notBefore =
        certificate.notBefore() != null
            ? certificate.notBefore()
            : now.truncatedTo(ChronoUnit.SECONDS);
    Instant notAfter =
        certificate.notAfter() != null ? certificate.notAfter() : notBefore.plus(FREE_VALIDITY);
    List<String> names =
        certificate.names().isEmpty() ? List.of("unnamed.invalid") : certificate.names();
    X509Certificate leaf = ca.issue(names, key, notBefore, notAfter);
    SandboxCertificate updated =
        certificate.toBuilder()
            .material(material.withCertificatePem(SandboxPem.write(leaf)))
            .build();
    byId.put(updated.id(), updated);
    onChange.run();
    return updated;
  }

  private void settleAll(Instant now) {
    boolean changed = false;
    for (SandboxCertificate certificate : List.copyOf(byId.values())) {
      SandboxCertificate settled = settle(certificate, now, keptEnd(certificate));
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

  /**
   * The certificate as the clock finds it: issued once validated, expired once past its end. An
   * issued certificate ends {@code keptEnd} when given (never before it starts), else after the
   * validity of its kind.
   */
  static SandboxCertificate settle(SandboxCertificate certificate, Instant now, Instant keptEnd) {
    if (certificate.status() == SandboxCertificate.STATUS_REVIEWING
        && certificate.issueAt() != null) {
      Instant issueAt = certificate.issueAt();
      if (!now.isBefore(issueAt)) {
        Duration validity = certificate.isFree() ? FREE_VALIDITY : PAID_VALIDITY;
        Instant notAfter = keptEnd == null ? issueAt.plus(validity) : keptEnd;
        return settle(
            certificate.toBuilder()
                .status(SandboxCertificate.STATUS_ISSUED)
                .statusMsg(null)
                .validity(issueAt, notAfter.isBefore(issueAt) ? issueAt : notAfter)
                .issueAt(null)
                .build(),
            now,
            null);
      }
      Instant inserted = certificate.insertTime() == null ? issueAt : certificate.insertTime();
      Instant halfway = inserted.plus(Duration.between(inserted, issueAt).dividedBy(2));
      String message = now.isBefore(halfway) ? "PENDING-DCV" : "WAIT-ISSUE";
      return message.equals(certificate.statusMsg())
          ? certificate
          : certificate.toBuilder().statusMsg(message).build();
    }
    if (certificate.status() == SandboxCertificate.STATUS_ISSUED
        && certificate.notAfter() != null
        && now.isAfter(certificate.notAfter())) {
      return certificate.toBuilder().status(SandboxCertificate.STATUS_EXPIRED).build();
    }
    return certificate;
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

  private static SandboxError algorithmInvalid(String message) {
    return new SandboxError("InvalidParameter.RenewAlgorithmInvalid", message);
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
