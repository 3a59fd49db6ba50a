package dev.reissued.tencent;

import java.util.List;

/**
 * What CheckCertificateDomainVerification found for each of a certificate's domains. The API may
 * answer no results at all (a null array); then {@link #verificationResults()} is empty and {@link
 * #allPassed()} false.
 */
public record CheckCertificateDomainVerificationResponse(
    String certificateId, List<DomainValidationResult> verificationResults, String requestId) {
  public CheckCertificateDomainVerificationResponse {
    verificationResults =
        verificationResults == null ? List.of() : List.copyOf(verificationResults);
  }

  /** Whether there are results and Tencent's check passed for every domain. */
  public boolean allPassed() {
    return !verificationResults.isEmpty()
        && verificationResults.stream().allMatch(DomainValidationResult::localCheckPassed);
  }

  /** The domains whose records or files are not (yet) as they must be. */
  public List<DomainValidationResult> failing() {
    return verificationResults.stream().filter(result -> !result.localCheckPassed()).toList();
  }
}
