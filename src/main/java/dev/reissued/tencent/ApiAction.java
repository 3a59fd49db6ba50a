package dev.reissued.tencent;

/** The SSL API actions reissued calls, by their exact API names. */
public enum ApiAction {
  DESCRIBE_CERTIFICATES("DescribeCertificates", false),
  DESCRIBE_CERTIFICATE_DETAIL("DescribeCertificateDetail", false),
  REPLACE_CERTIFICATE("ReplaceCertificate", true),
  DOWNLOAD_CERTIFICATE("DownloadCertificate", false),
  APPLY_CERTIFICATE("ApplyCertificate", true),
  // Asks the CA to check validation now; asking again is harmless, so a lost answer is retryable.
  COMPLETE_CERTIFICATE("CompleteCertificate", false),
  CHECK_CERTIFICATE_DOMAIN_VERIFICATION("CheckCertificateDomainVerification", false);

  private final String apiName;
  private final boolean changesState;

  ApiAction(String apiName, boolean changesState) {
    this.apiName = apiName;
    this.changesState = changesState;
  }

  public String apiName() {
    return apiName;
  }

  /**
   * Whether a request that went unanswered may have changed something on Tencent's side. Only for
   * such an action is a lost answer an unknown outcome rather than a plain retryable failure.
   */
  public boolean changesState() {
    return changesState;
  }

  @Override
  public String toString() {
    return apiName;
  }
}
