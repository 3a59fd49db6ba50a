package dev.reissued.tencent;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.reissued.config.CsrType;
import dev.reissued.config.ValidType;
import java.util.Objects;

/**
 * A re-issue request. Build it with {@link #original}, {@link #upload} or {@link #online}; {@link
 * #toString()} never shows the CSR key password.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReplaceCertificateRequest(
    @JsonProperty("CertificateId") String certificateId,
    @JsonProperty("ValidType") ValidType validType,
    @JsonProperty("CsrType") CsrType csrType,
    @JsonProperty("CsrContent") String csrContent,
    @JsonProperty("CsrkeyPassword") String csrkeyPassword,
    @JsonProperty("Reason") String reason,
    @JsonProperty("CertCSREncryptAlgo") String certCsrEncryptAlgo,
    @JsonProperty("CertCSRKeyParameter") String certCsrKeyParameter) {
  public ReplaceCertificateRequest {
    if (certificateId == null || certificateId.isBlank()) {
      throw new IllegalArgumentException("CertificateId is required");
    }
    Objects.requireNonNull(validType, "ValidType is required");
    if (csrType == CsrType.Upload && (csrContent == null || csrContent.isBlank())) {
      throw new IllegalArgumentException("CsrType upload needs CsrContent");
    }
  }

  /** Re-issue with the original certificate's CSR. */
  public static ReplaceCertificateRequest original(String certificateId, ValidType validType) {
    return new ReplaceCertificateRequest(
        certificateId, validType, CsrType.Original, null, null, null, null, null);
  }

  /** Re-issue for a CSR (PEM) made here. */
  public static ReplaceCertificateRequest upload(
      String certificateId, ValidType validType, String csrPem) {
    return new ReplaceCertificateRequest(
        certificateId, validType, CsrType.Upload, csrPem, null, null, null, null);
  }

  /**
   * Let Tencent generate the key: {@code algorithm} RSA | ECC | SM2, {@code keyParameter} 2048 |
   * 4096 for RSA, prime256v1 | secp384r1 for ECC. Free certificates accept only RSA 2048.
   */
  public static ReplaceCertificateRequest online(
      String certificateId,
      ValidType validType,
      String csrkeyPassword,
      String algorithm,
      String keyParameter) {
    return new ReplaceCertificateRequest(
        certificateId,
        validType,
        CsrType.Online,
        null,
        csrkeyPassword,
        null,
        algorithm,
        keyParameter);
  }

  public ReplaceCertificateRequest withReason(String newReason) {
    return new ReplaceCertificateRequest(
        certificateId,
        validType,
        csrType,
        csrContent,
        csrkeyPassword,
        newReason,
        certCsrEncryptAlgo,
        certCsrKeyParameter);
  }

  @Override
  public String toString() {
    return "ReplaceCertificateRequest[CertificateId="
        + certificateId
        + ", ValidType="
        + validType
        + ", CsrType="
        + (csrType == null ? null : csrType.apiValue())
        + ", CsrContent="
        + (csrContent == null ? null : csrContent.length() + " chars")
        + ", CsrkeyPassword="
        + (csrkeyPassword == null ? null : "<masked>")
        + ", Reason="
        + reason
        + ", CertCSREncryptAlgo="
        + certCsrEncryptAlgo
        + ", CertCSRKeyParameter="
        + certCsrKeyParameter
        + "]";
  }
}
