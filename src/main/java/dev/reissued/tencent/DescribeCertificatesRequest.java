package dev.reissued.tencent;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One page of DescribeCertificates. Only the filters reissued uses are modelled; null means "not
 * sent".
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DescribeCertificatesRequest(
    @JsonProperty("Offset") Integer offset,
    @JsonProperty("Limit") Integer limit,
    @JsonProperty("SearchKey") String searchKey,
    @JsonProperty("CertificateType") String certificateType,
    @JsonProperty("ExpirationSort") String expirationSort,
    @JsonProperty("CertificateStatus") List<Long> certificateStatus,
    @JsonProperty("FilterSource") String filterSource,
    @JsonProperty("CertIds") List<String> certIds) {
  /** The API's largest page. */
  public static final int MAX_LIMIT = 1000;

  public DescribeCertificatesRequest {
    if (offset != null && offset < 0) {
      throw new IllegalArgumentException("Offset must not be negative, got " + offset);
    }
    if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
      throw new IllegalArgumentException(
          "Limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
    }
    if (expirationSort != null && !expirationSort.equals("ASC") && !expirationSort.equals("DESC")) {
      throw new IllegalArgumentException(
          "ExpirationSort must be ASC or DESC, got " + expirationSort);
    }
    certificateStatus = certificateStatus == null ? null : List.copyOf(certificateStatus);
    certIds = certIds == null ? null : List.copyOf(certIds);
  }

  public static DescribeCertificatesRequest page(int offset, int limit) {
    return new DescribeCertificatesRequest(offset, limit, null, null, null, null, null, null);
  }

  public DescribeCertificatesRequest withSearchKey(String newSearchKey) {
    return new DescribeCertificatesRequest(
        offset,
        limit,
        newSearchKey,
        certificateType,
        expirationSort,
        certificateStatus,
        filterSource,
        certIds);
  }

  public DescribeCertificatesRequest withExpirationSort(String newSort) {
    return new DescribeCertificatesRequest(
        offset,
        limit,
        searchKey,
        certificateType,
        newSort,
        certificateStatus,
        filterSource,
        certIds);
  }

  public DescribeCertificatesRequest withCertIds(List<String> newCertIds) {
    return new DescribeCertificatesRequest(
        offset,
        limit,
        searchKey,
        certificateType,
        expirationSort,
        certificateStatus,
        filterSource,
        newCertIds);
  }
}
