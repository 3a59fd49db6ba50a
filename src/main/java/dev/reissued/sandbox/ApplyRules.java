package dev.reissued.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reissued.tencent.TencentTime;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * ApplyCertificate's rules: those tencent-ssl-api.md (part 2) and the SDK give, and where they are
 * silent, the sandbox's choice, each with the code a refusal answers:
 *
 * <ul>
 *   <li>{@code DvAuthMethod} and {@code DomainName} are required ({@code MissingParameter}); the
 *       method is DNS_AUTO, DNS or FILE ({@code InvalidParameterValue}), the name a host name, a
 *       wildcard allowed ({@code InvalidParameter.DomainInvalid});
 *   <li>{@code PackageType} is "83" when given ({@code FailedOperation.InvalidParam}), {@code
 *       ValidityPeriod} "3" ({@code InvalidParameter.PeriodInvalid});
 *   <li>the key is RSA 2048 (the default) or ECC prime256v1, which must then be named ({@code
 *       FailedOperation.InvalidParam});
 *   <li>{@code DeleteDnsAutoRecord} goes with DNS_AUTO only ({@code FailedOperation.InvalidParam});
 *   <li>with {@code OldCertificateId}: that certificate exists ({@code
 *       FailedOperation.CertificateNotFound}), was issued by Tencent ({@code
 *       FailedOperation.InvalidCertificateSource}), is for the same domain ({@code
 *       FailedOperation.InvalidParam}), is issued and not expired ({@code
 *       FailedOperation.InvalidCertificateStatusCode}) and ends within 30 days ({@code
 *       FailedOperation.InvalidParam}). It may be renewed more than once: the documents name no
 *       such limit, and each time uses quota, which is why reissued must never apply twice.
 * </ul>
 */
final class ApplyRules {
  static final Duration RENEWAL_WINDOW = Duration.ofDays(30);
  private static final Set<String> METHODS = Set.of("DNS_AUTO", "DNS", "FILE");
  private static final Pattern HOST_NAME =
      Pattern.compile("(\\*\\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z0-9-]{2,63}");

  /** An application as read from the request; {@code oldCertificateId} null for a new one. */
  record Application(
      String validType,
      String domain,
      String projectId,
      String keyLabel,
      String password,
      String alias,
      String oldCertificateId) {
    @Override
    public String toString() {
      return "Application["
          + validType
          + " "
          + domain
          + " "
          + keyLabel
          + ", renews "
          + oldCertificateId
          + ", password "
          + (password == null ? "none" : "<masked>")
          + "]";
    }
  }

  private ApplyRules() {}

  /** The request's fields, checked on their own (before any certificate is looked at). */
  static Application parse(JsonNode body) {
    String method = SandboxStore.required(body, "DvAuthMethod").toUpperCase(Locale.ROOT);
    if (!METHODS.contains(method)) {
      throw new SandboxError(
          "InvalidParameterValue", "DvAuthMethod must be DNS_AUTO, DNS or FILE.");
    }
    String domain = SandboxStore.required(body, "DomainName").strip().toLowerCase(Locale.ROOT);
    if (domain.length() > 253 || !HOST_NAME.matcher(domain).matches()) {
      throw new SandboxError(
          "InvalidParameter.DomainInvalid", "The domain name is invalid; enter it again.");
    }
    String packageType = SandboxStore.text(body, "PackageType");
    if (packageType != null && !packageType.equals(SandboxCertificate.FREE_PACKAGE)) {
      throw invalidParam("PackageType must be 83 (TrustAsia C1 DV Free), the only free product.");
    }
    String period = SandboxStore.text(body, "ValidityPeriod");
    if (period != null && !period.equals("3")) {
      throw new SandboxError(
          "InvalidParameter.PeriodInvalid",
          "ValidityPeriod must be 3: free certificates last 3" + " months.");
    }
    Boolean deleteRecord = bool(body, "DeleteDnsAutoRecord");
    if (Boolean.TRUE.equals(deleteRecord) && !method.equals("DNS_AUTO")) {
      throw invalidParam("DeleteDnsAutoRecord is supported for DvAuthMethod DNS_AUTO only.");
    }
    String old = SandboxStore.text(body, "OldCertificateId");
    return new Application(
        method,
        domain,
        projectId(body),
        keyLabel(body),
        SandboxStore.text(body, "CsrKeyPassword"),
        SandboxStore.text(body, "Alias"),
        old == null || old.isBlank() ? null : old);
  }

  /** Whether {@code old} may be renewed by this application now. */
  static void checkRenewal(SandboxCertificate old, Application application, Instant now) {
    if (old.isUploaded()) {
      throw new SandboxError(
          "FailedOperation.InvalidCertificateSource",
          "An uploaded certificate cannot be renewed with a free certificate.");
    }
    if (old.domain() == null || !old.domain().equalsIgnoreCase(application.domain())) {
      throw invalidParam(
          "DomainName "
              + application.domain()
              + " is not the domain of the old certificate "
              + old.id()
              + " ("
              + old.domain()
              + ").");
    }
    if (old.status() != SandboxCertificate.STATUS_ISSUED) {
      throw new SandboxError(
          "FailedOperation.InvalidCertificateStatusCode",
          "The old certificate "
              + old.id()
              + " is "
              + CertificateJson.statusName(old.status())
              + " (status "
              + old.status()
              + "); only an issued certificate that has not expired can be renewed.");
    }
    if (old.notAfter() != null && old.notAfter().isAfter(now.plus(RENEWAL_WINDOW))) {
      throw invalidParam(
          "The old certificate "
              + old.id()
              + " expires at "
              + TencentTime.format(old.notAfter())
              + ", more than 30 days from now; it can be renewed within 30 days of expiry.");
    }
  }

  /**
   * The new certificate: free, reviewing, with a key Tencent made. DNS_AUTO validates itself and is
   * issued after {@code issueDelay}; DNS and FILE wait until their records are published.
   */
  static SandboxCertificate certificate(
      String id,
      Application application,
      SandboxCertificate old,
      Instant now,
      Duration issueDelay) {
    Instant inserted = now.truncatedTo(ChronoUnit.SECONDS);
    String domain = old == null ? application.domain() : old.domain();
    // A renewal covers what the old certificate covered (TrustAsia adds the bare domain to a
    // www name); a new application covers its one name.
    List<String> names =
        old == null || old.subjectAltNames().isEmpty() ? List.of(domain) : old.subjectAltNames();
    return SandboxCertificate.builder(id, domain)
        .subjectAltNames(names)
        .alias(application.alias())
        .status(SandboxCertificate.STATUS_REVIEWING)
        .statusMsg("PENDING-DCV")
        .from("trustasia")
        .packageType(SandboxCertificate.FREE_PACKAGE, "TrustAsia C1 DV Free")
        .encryptAlgorithm(application.keyLabel())
        .verifyType(application.validType())
        .insertTime(inserted)
        .projectId(application.projectId())
        .lineage(null, null, application.oldCertificateId())
        .issueAt(application.validType().equals("DNS_AUTO") ? inserted.plus(issueDelay) : null)
        .material(KeyMaterial.madeByTencent(application.keyLabel(), application.password()))
        .build();
  }

  /** RSA 2048 unless ECC is asked for, and then only prime256v1, as the SDK documents. */
  private static String keyLabel(JsonNode body) {
    String given = SandboxStore.text(body, "CsrEncryptAlgo");
    String algorithm = given == null ? "RSA" : given.toUpperCase(Locale.ROOT);
    String parameter = SandboxStore.text(body, "CsrKeyParameter");
    switch (algorithm) {
      case "RSA":
        if (parameter != null && !parameter.equals("2048")) {
          throw invalidParam("CsrKeyParameter for RSA must be 2048.");
        }
        return "RSA 2048";
      case "ECC":
        if (!"prime256v1".equals(parameter)) {
          throw invalidParam("CsrKeyParameter for ECC must be prime256v1.");
        }
        return "ECC 256";
      default:
        throw invalidParam("CsrEncryptAlgo must be RSA or ECC.");
    }
  }

  private static String projectId(JsonNode body) {
    JsonNode value = body.get("ProjectId");
    if (value == null || value.isNull()) {
      return "0";
    }
    if (value.isIntegralNumber() || value.isTextual() && value.asText().matches("\\d{1,18}")) {
      return value.asText();
    }
    throw new SandboxError("InvalidParameter", "ProjectId must be an integer.");
  }

  private static Boolean bool(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isBoolean()) {
      throw new SandboxError("InvalidParameter", field + " must be a boolean.");
    }
    return value.asBoolean();
  }

  private static SandboxError invalidParam(String message) {
    return new SandboxError("FailedOperation.InvalidParam", message);
  }
}
