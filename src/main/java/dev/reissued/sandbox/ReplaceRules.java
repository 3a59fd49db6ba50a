package dev.reissued.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * ReplaceCertificate's rules: what it accepts (ValidType, CsrType), which certificates it re-issues
 * (issued, not uploaded, an order not re-issued before), and the key a re-issue gets per CsrType:
 * {@code online}, a key Tencent makes of the asked algorithm; {@code upload}, the CSR's, which must
 * name the domain; {@code original}, the certificate's own CSR. A free certificate is re-issued as
 * RSA 2048 only.
 */
final class ReplaceRules {
  private ReplaceRules() {}

  /** A ReplaceCertificate request, its values checked (ValidType upper case, CsrType lower). */
  record Request(String certificateId, String validType, String csrType) {}

  static Request parse(JsonNode body) {
    String id = SandboxStore.required(body, "CertificateId");
    String validType = SandboxStore.required(body, "ValidType").toUpperCase(Locale.ROOT);
    if (!Set.of("DNS_AUTO", "DNS", "FILE").contains(validType)) {
      throw new SandboxError("InvalidParameterValue", "ValidType must be DNS_AUTO, DNS or FILE.");
    }
    String csrType = Optional.ofNullable(SandboxStore.text(body, "CsrType")).orElse("original");
    csrType = csrType.toLowerCase(Locale.ROOT);
    if (!Set.of("original", "upload", "online").contains(csrType)) {
      throw new SandboxError(
          "InvalidParameter.RenewGenCsrMethodInvalid",
          "CsrType must be original, upload or online.");
    }
    return new Request(id, validType, csrType);
  }

  /** Whether {@code old} may be re-issued as asked, and if so with which key. */
  static IssuedKey check(SandboxCertificate old, Request request, JsonNode body) {
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
    return of(request.csrType(), old, body);
  }

  /**
   * The re-issue {@code newId} of {@code old}: reviewing, to be issued after {@code issueDelay}.
   */
  static SandboxCertificate certificate(
      String newId,
      SandboxCertificate old,
      Request request,
      IssuedKey issued,
      Instant now,
      Duration issueDelay) {
    Instant inserted = now.truncatedTo(ChronoUnit.SECONDS);
    return SandboxCertificate.builder(newId, old.domain())
        .subjectAltNames(old.subjectAltNames())
        .alias(old.alias())
        .status(SandboxCertificate.STATUS_REVIEWING)
        .statusMsg("PENDING-DCV")
        .from(old.from())
        .packageType(old.packageType(), old.packageTypeName())
        .encryptAlgorithm(issued.encryptAlgorithm())
        .certificateType(old.certificateType())
        .verifyType(request.validType())
        .insertTime(inserted)
        .projectId(old.projectId())
        .lineage(
            old.id(),
            null,
            old.originCertificateId() == null ? old.id() : old.originCertificateId())
        .issueAt(inserted.plus(issueDelay))
        .material(issued.material())
        .build();
  }

  /** The key algorithm Tencent shows and the key material of the new certificate. */
  record IssuedKey(String encryptAlgorithm, KeyMaterial material) {}

  /** The key of a re-issue of {@code old} with {@code csrType} (lower case, already checked). */
  private static IssuedKey of(String csrType, SandboxCertificate old, JsonNode body) {
    return switch (csrType) {
      case "online" -> online(old, body);
      case "upload" -> upload(old, body);
      default -> original(old);
    };
  }

  private static IssuedKey online(SandboxCertificate old, JsonNode body) {
    String algorithm =
        Optional.ofNullable(SandboxStore.text(body, "CertCSREncryptAlgo"))
            .orElse("RSA")
            .toUpperCase(Locale.ROOT);
    String parameter = SandboxStore.text(body, "CertCSRKeyParameter");
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
    return new IssuedKey(
        label, KeyMaterial.madeByTencent(label, SandboxStore.text(body, "CsrkeyPassword")));
  }

  private static IssuedKey upload(SandboxCertificate old, JsonNode body) {
    String pem = SandboxStore.text(body, "CsrContent");
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
    return new IssuedKey(
        label, new KeyMaterial(pem, SandboxPem.write(csr.publicKey()), null, null));
  }

  private static IssuedKey original(SandboxCertificate old) {
    if (old.isFree() && !"RSA 2048".equals(old.encryptAlgorithm())) {
      throw algorithmInvalid(
          "A free certificate can only be re-issued as RSA 2048; the original CSR is "
              + old.encryptAlgorithm()
              + ".");
    }
    KeyMaterial material = old.material();
    return new IssuedKey(
        old.encryptAlgorithm(),
        new KeyMaterial(material.csrPem(), material.publicKeyPem(), null, null));
  }

  private static SandboxError algorithmInvalid(String message) {
    return new SandboxError("InvalidParameter.RenewAlgorithmInvalid", message);
  }
}
