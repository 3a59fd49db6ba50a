package dev.reissued.tencent;

import dev.reissued.ReissuedException;

/**
 * A failed SSL API call. The message names the account, action, certificate (where known), code,
 * RequestId and class; it never holds a secret key or CSR password, since neither is ever part of
 * what the SDK or the transport puts in an exception message (and should an answer echo a password
 * back, {@link ApplyActions} masks it).
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

  private TencentApiException(TencentApiException original, String maskedMessage) {
    // The cause goes: its messages carry what the answer said, secret and all.
    super(maskedMessage);
    this.account = original.account;
    this.action = original.action;
    this.certificateId = original.certificateId;
    this.code = original.code;
    this.requestId = original.requestId;
    this.errorClass = original.errorClass;
    setStackTrace(original.getStackTrace());
  }

  /**
   * This failure with {@code secret} masked, should an answer have echoed it back (an API message
   * quoting the request): the same code, class and RequestId, without the cause. Itself when the
   * secret appears nowhere in its messages.
   */
  TencentApiException masking(String secret) {
    if (secret == null || secret.isEmpty()) {
      return this;
    }
    boolean echoed = false;
    for (Throwable cause = this; cause != null && !echoed; cause = cause.getCause()) {
      echoed = cause.getMessage() != null && cause.getMessage().contains(secret);
      if (cause.getCause() == cause) {
        break;
      }
    }
    return echoed ? new TencentApiException(this, getMessage().replace(secret, "<masked>")) : this;
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

  /**
   * Whether the API refused an ApplyCertificate for its free quota: see {@link ErrorClass#isQuota}.
   */
  public boolean quotaExhausted() {
    return ErrorClass.isQuota(code);
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
