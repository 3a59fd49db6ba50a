package dev.reissued.tencent;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.reissued.config.ValidType;
import java.util.Objects;

/**
 * A request for a new free certificate, with exactly ApplyCertificate's fields (the SDK's {@code
 * DnsNames}, "not open yet", is left out). Tencent makes the key and protects it with {@code
 * CsrKeyPassword}; {@link #toString()} never shows that password. Build it with {@link #renewal}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApplyCertificateRequest(
    @JsonProperty("DvAuthMethod") ValidType dvAuthMethod,
    @JsonProperty("DomainName") String domainName,
    @JsonProperty("ProjectId") Long projectId,
    @JsonProperty("PackageType") String packageType,
    @JsonProperty("ContactEmail") String contactEmail,
    @JsonProperty("ContactPhone") String contactPhone,
    @JsonProperty("ValidityPeriod") String validityPeriod,
    @JsonProperty("CsrEncryptAlgo") String csrEncryptAlgo,
    @JsonProperty("CsrKeyParameter") String csrKeyParameter,
    @JsonProperty("CsrKeyPassword") String csrKeyPassword,
    @JsonProperty("Alias") String alias,
    @JsonProperty("OldCertificateId") String oldCertificateId,
    @JsonProperty("PackageId") String packageId,
    @JsonProperty("DeleteDnsAutoRecord") Boolean deleteDnsAutoRecord) {
  /** TrustAsia C1 DV Free, the one product ApplyCertificate makes. */
  public static final String FREE_PACKAGE_TYPE = "83";

  /** Months; free certificates last 90 days since 2024, and 3 is the only value accepted. */
  public static final String FREE_VALIDITY_PERIOD = "3";

  public ApplyCertificateRequest {
    Objects.requireNonNull(dvAuthMethod, "DvAuthMethod is required");
    if (domainName == null || domainName.isBlank()) {
      throw new IllegalArgumentException("DomainName is required");
    }
    if (Boolean.TRUE.equals(deleteDnsAutoRecord) && dvAuthMethod != ValidType.DNS_AUTO) {
      throw new IllegalArgumentException(
          "DeleteDnsAutoRecord applies to DvAuthMethod DNS_AUTO only, not " + dvAuthMethod);
    }
  }

  /**
   * A new free certificate (PackageType 83, 3 months) renewing {@code oldCertificateId}: the API
   * accepts it only while that certificate is issued, not expired and within 30 days of expiry, and
   * links the new one back with {@code CertificateExtra.OriginCertificateId}.
   */
  public static ApplyCertificateRequest renewal(
      String oldCertificateId,
      String domainName,
      ValidType dvAuthMethod,
      ApplyKey key,
      String csrKeyPassword) {
    if (oldCertificateId == null || oldCertificateId.isBlank()) {
      throw new IllegalArgumentException("a renewal needs the OldCertificateId it renews");
    }
    Objects.requireNonNull(key, "the key to make (CsrEncryptAlgo, CsrKeyParameter) is required");
    return new ApplyCertificateRequest(
        dvAuthMethod,
        domainName,
        null,
        FREE_PACKAGE_TYPE,
        null,
        null,
        FREE_VALIDITY_PERIOD,
        key.encryptAlgo(),
        key.keyParameter(),
        csrKeyPassword,
        null,
        oldCertificateId,
        null,
        null);
  }

  public ApplyCertificateRequest withAlias(String newAlias) {
    return new ApplyCertificateRequest(
        dvAuthMethod,
        domainName,
        projectId,
        packageType,
        contactEmail,
        contactPhone,
        validityPeriod,
        csrEncryptAlgo,
        csrKeyParameter,
        csrKeyPassword,
        newAlias,
        oldCertificateId,
        packageId,
        deleteDnsAutoRecord);
  }

  public ApplyCertificateRequest withProjectId(Long newProjectId) {
    return new ApplyCertificateRequest(
        dvAuthMethod,
        domainName,
        newProjectId,
        packageType,
        contactEmail,
        contactPhone,
        validityPeriod,
        csrEncryptAlgo,
        csrKeyParameter,
        csrKeyPassword,
        alias,
        oldCertificateId,
        packageId,
        deleteDnsAutoRecord);
  }

  @Override
  public String toString() {
    return "ApplyCertificateRequest[DvAuthMethod="
        + dvAuthMethod
        + ", DomainName="
        + domainName
        + ", ProjectId="
        + projectId
        + ", PackageType="
        + packageType
        + ", ContactEmail="
        + contactEmail
        + ", ContactPhone="
        + contactPhone
        + ", ValidityPeriod="
        + validityPeriod
        + ", CsrEncryptAlgo="
        + csrEncryptAlgo
        + ", CsrKeyParameter="
        + csrKeyParameter
        + ", CsrKeyPassword="
        + (csrKeyPassword == null ? null : "<masked>")
        + ", Alias="
        + alias
        + ", OldCertificateId="
        + oldCertificateId
        + ", PackageId="
        + packageId
        + ", DeleteDnsAutoRecord="
        + deleteDnsAutoRecord
        + "]";
  }
}
