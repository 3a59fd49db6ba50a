package dev.reissued.tencent;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renewal by a new free certificate: ApplyCertificate, and the two validation calls that follow it
 * for DNS and FILE validation. Sent through the account's {@link TencentClient}, so they share its
 * rate limit, send guard and error classes. Thread-safe.
 */
public final class ApplyActions {
  private final TencentClient client;

  public ApplyActions(TencentClient client) {
    this.client = client;
  }

  /**
   * Applies for a new free certificate. It uses free quota: on {@link ErrorClass#OUTCOME_UNKNOWN}
   * the certificate may exist, so look for one whose {@code CertificateExtra.OriginCertificateId}
   * is the request's {@code OldCertificateId} before ever sending this again.
   */
  public ApplyCertificateResponse applyCertificate(ApplyCertificateRequest request) {
    return applyCertificate(request, client.awaitTurn());
  }

  /** The same, in a turn the caller took before recording that it sends. */
  public ApplyCertificateResponse applyCertificate(ApplyCertificateRequest request, Turn turn) {
    JsonNode response;
    try {
      response =
          client.call(ApiAction.APPLY_CERTIFICATE, request.oldCertificateId(), request, turn);
    } catch (TencentApiException failed) {
      throw failed.masking(request.csrKeyPassword());
    }
    return new ApplyCertificateResponse(
        newCertificateId(response, request.oldCertificateId()),
        JsonFields.text(response, "RequestId"));
  }

  /**
   * Asks the CA to check the certificate's DNS or FILE validation now rather than on its own
   * schedule. Harmless to repeat.
   */
  public CompleteCertificateResponse completeCertificate(String certificateId) {
    JsonNode response =
        client.call(
            ApiAction.COMPLETE_CERTIFICATE,
            certificateId,
            Map.of("CertificateId", requireId(certificateId)));
    // The answer only echoes the id; an answer without it still means the request was taken.
    String answered = JsonFields.text(response, "CertificateId");
    return new CompleteCertificateResponse(
        answered == null || answered.isBlank() ? certificateId : answered,
        JsonFields.text(response, "RequestId"));
  }

  /** What Tencent's and the CA's checks find for each of the certificate's domains. */
  public CheckCertificateDomainVerificationResponse checkCertificateDomainVerification(
      String certificateId) {
    ApiAction action = ApiAction.CHECK_CERTIFICATE_DOMAIN_VERIFICATION;
    JsonNode response =
        client.call(action, certificateId, Map.of("CertificateId", requireId(certificateId)));
    JsonNode array = response.get("VerificationResults");
    List<DomainValidationResult> results = new ArrayList<>();
    if (array != null && !array.isNull()) {
      if (!array.isArray()) {
        throw client.invalidResponse(
            action,
            certificateId,
            "VerificationResults is " + kind(array) + ", not an array",
            response);
      }
      for (int index = 0; index < array.size(); index++) {
        JsonNode entry = array.get(index);
        if (!entry.isObject()) {
          throw client.invalidResponse(
              action,
              certificateId,
              "VerificationResults[" + index + "] is " + kind(entry) + ", not an object",
              response);
        }
        results.add(
            new DomainValidationResult(
                JsonFields.text(entry, "Domain"),
                JsonFields.text(entry, "VerifyType"),
                JsonFields.number(entry, "LocalCheck"),
                JsonFields.number(entry, "CaCheck"),
                JsonFields.text(entry, "LocalCheckFailReason"),
                JsonFields.strings(entry, "CheckValue"),
                JsonFields.bool(entry, "Frequently"),
                JsonFields.bool(entry, "Issued")));
      }
    }
    return new CheckCertificateDomainVerificationResponse(
        certificateId, results, JsonFields.text(response, "RequestId"));
  }

  /**
   * The new certificate's id: a non-blank string, or the answer is invalid — which for this
   * state-changing action leaves the outcome unknown, as a lost answer does.
   */
  private String newCertificateId(JsonNode response, String oldCertificateId) {
    JsonNode value = response.get("CertificateId");
    if (value == null || value.isNull()) {
      throw client.invalidResponse(
          ApiAction.APPLY_CERTIFICATE,
          oldCertificateId,
          "the answer has no new CertificateId",
          response);
    }
    if (!value.isTextual() || value.asText().isBlank()) {
      throw client.invalidResponse(
          ApiAction.APPLY_CERTIFICATE,
          oldCertificateId,
          "the answer's new CertificateId is " + kind(value) + ", not an id",
          response);
    }
    return value.asText();
  }

  private static String requireId(String certificateId) {
    if (certificateId == null || certificateId.isBlank()) {
      throw new IllegalArgumentException("CertificateId is required");
    }
    return certificateId;
  }

  /** The JSON type of an unexpected value, for messages that must not quote what it holds. */
  private static String kind(JsonNode value) {
    if (value.isTextual()) {
      return value.asText().isBlank() ? "a blank string" : "a string";
    }
    if (value.isNumber()) {
      return "a number";
    }
    if (value.isBoolean()) {
      return "a boolean";
    }
    if (value.isArray()) {
      return "an array";
    }
    if (value.isObject()) {
      return "an object";
    }
    return value.getNodeType().toString().toLowerCase(Locale.ROOT);
  }
}
