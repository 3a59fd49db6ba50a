package dev.reissued.tencent;

import dev.reissued.ReissuedException;

/**
 * A failed SSL API call. The message names the account, action, certificate (where known), code,
 * RequestId and class; it never holds a secret key or CSR password, since neither is ever part of
 * what the SDK or the transport puts in an exception message.
 */
public class TencentApiException extends ReissuedException {
  private final String account;
  private final ApiAction action;
  private final String certificateId;
  private final String code;
  private final String requestId;
  private final ErrorClass errorClass;

  public TencentApiException(
      String account,
      ApiAction action,
      String certificateId,
      String code,
      String apiMessage,
      String requestId,
      ErrorClass errorClass,
      Throwable cause) {
    super(describe(account, action, certificateId, code, apiMessage, requestId, errorClass), cause);
    this.account = account;
    this.action = action;
    this.certificateId = certificateId;
    this.code = code;
    this.requestId = requestId == null || requestId.isBlank() ? null : requestId;
    this.errorClass = errorClass;
  }

  public String account() {
    return account;
  }

  public ApiAction action() {
    return action;
  }

  /** The certificate the call was about, or null (DescribeCertificates). */
  public String certificateId() {
    return certificateId;
  }

  /** The API's error code, or a {@link LocalCode} when no answer named one. */
  public String code() {
    return code;
  }

  /** Tencent's RequestId, or null when no answer came back. */
  public String requestId() {
    return requestId;
  }

  public ErrorClass errorClass() {
    return errorClass;
  }

  /**
   * Whether the answer says this certificate's one re-issue is already spent. Terminal like other
   * request errors, but it tells reconciliation to look for the new certificate.
   */
  public boolean quotaUsed() {
    return "FailedOperation.OrderAlreadyReplaced".equals(code);
  }

  private static String describe(
      String account,
      ApiAction action,
      String certificateId,
      String code,
      String apiMessage,
      String requestId,
      ErrorClass errorClass) {
    StringBuilder text = new StringBuilder("account ").append(account).append(": ").append(action);
    if (certificateId != null) {
      text.append(" of certificate ").append(certificateId);
    }
    text.append(" failed with ").append(code);
    if (apiMessage != null && !apiMessage.isBlank()) {
      text.append(" (").append(apiMessage.strip()).append(')');
    }
    text.append(", RequestId ")
        .append(requestId == null || requestId.isBlank() ? "none" : requestId)
        .append(", ")
        .append(errorClass);
    return text.toString();
  }
}
