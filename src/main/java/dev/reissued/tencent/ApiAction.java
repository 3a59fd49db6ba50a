package dev.reissued.tencent;

/** The SSL API actions reissued calls, by their exact API names. */
public enum ApiAction {
  DESCRIBE_CERTIFICATES("DescribeCertificates", false),
  DESCRIBE_CERTIFICATE_DETAIL("DescribeCertificateDetail", false),
  REPLACE_CERTIFICATE("ReplaceCertificate", true),
  DOWNLOAD_CERTIFICATE("DownloadCertificate", false);

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
