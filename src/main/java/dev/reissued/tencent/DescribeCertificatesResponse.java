package dev.reissued.tencent;

import java.util.List;

/**
 * One page of certificates. {@code skipped} counts objects in the page that could not be read as a
 * certificate (no id); each was logged.
 */
public record DescribeCertificatesResponse(
    long totalCount, List<Certificate> certificates, int skipped, String requestId) {
  public DescribeCertificatesResponse {
    certificates = List.copyOf(certificates);
  }
}
