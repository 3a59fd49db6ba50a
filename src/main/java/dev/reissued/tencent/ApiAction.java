package dev.reissued.tencent;

/** The SSL API actions reissued calls, by their exact API names. */
public enum ApiAction {
  DESCRIBE_CERTIFICATES("DescribeCertificates", false),
  DESCRIBE_CERTIFICATE_DETAIL("DescribeCertificateDetail", false),
  REPLACE_CERTIFICATE("ReplaceCertificate", true),
  DOWNLOAD_CERTIFICATE("DownloadCertificate", false),
  // Moving cloud resources to a new certificate (CloudActions). Starting a bind-resource query
  // changes nothing a second request could harm, so it counts as a read.
  CREATE_BIND_RESOURCE_SYNC_TASK("CreateCertificateBindResourceSyncTask", false),
  DESCRIBE_BIND_RESOURCE_TASK_RESULT("DescribeCertificateBindResourceTaskResult", false),
  DESCRIBE_BIND_RESOURCE_TASK_DETAIL("DescribeCertificateBindResourceTaskDetail", false),
  UPDATE_CERTIFICATE_INSTANCE("UpdateCertificateInstance", true),
  DESCRIBE_HOST_UPDATE_RECORD("DescribeHostUpdateRecord", false),
  DESCRIBE_HOST_UPDATE_RECORD_DETAIL("DescribeHostUpdateRecordDetail", false),
  UPDATE_CERTIFICATE_RECORD_RETRY("UpdateCertificateRecordRetry", true),
  UPDATE_CERTIFICATE_RECORD_ROLLBACK("UpdateCertificateRecordRollback", true),
  MODIFY_EXPIRING_NOTIFICATION_SWITCH("ModifyCertificatesExpiringNotificationSwitch", true),
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
