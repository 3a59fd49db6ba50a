package dev.reissued.tencent;

import com.fasterxml.jackson.databind.JsonNode;
import com.tencentcloudapi.common.exception.TencentCloudSDKException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What went wrong in one account's call, as a {@link TencentApiException} classified by {@link
 * ErrorClass}: an answered error keeps its code and RequestId; a failure without an answer is
 * {@link LocalCode#NOT_SENT} when nothing left, {@link LocalCode#NO_ANSWER} or {@link
 * LocalCode#INVALID_RESPONSE} when something did. An error code no table knows is logged.
 */
final class ApiFailures {
  private static final Logger log = LoggerFactory.getLogger(ApiFailures.class);

  private final String account;

  ApiFailures(String account) {
    this.account = account;
  }

  TencentApiException translate(
      ApiAction action, String certificateId, TencentCloudSDKException e, boolean sent) {
    String code = e.getErrorCode();
    if (code != null && !code.isBlank()) {
      // An answered error (or the SDK's ServerSideError for a non-200 status).
      return failure(action, certificateId, code, e.getMessage(), e.getRequestId(), e);
    }
    if (!sent) {
      return failure(action, certificateId, LocalCode.NOT_SENT, e.getMessage(), null, e);
    }
    AnswerSizeLimit.TooLarge tooLarge = causeOf(e, AnswerSizeLimit.TooLarge.class);
    if (tooLarge != null) {
      return failure(
          action, certificateId, LocalCode.INVALID_RESPONSE, tooLarge.getMessage(), null, e);
    }
    boolean unreadable = causedBy(e, com.google.gson.JsonParseException.class);
    return failure(
        action,
        certificateId,
        unreadable ? LocalCode.INVALID_RESPONSE : LocalCode.NO_ANSWER,
        e.getMessage(),
        null,
        e);
  }

  /** An answer that came back but lacks what {@code action} must return. */
  TencentApiException invalidResponse(
      ApiAction action, String certificateId, String what, JsonNode response) {
    return failure(
        action,
        certificateId,
        LocalCode.INVALID_RESPONSE,
        what,
        response == null ? null : JsonFields.text(response, "RequestId"),
        null);
  }

  TencentApiException failure(
      ApiAction action,
      String certificateId,
      String code,
      String message,
      String requestId,
      Throwable cause) {
    ErrorClass errorClass = ErrorClass.classify(action, code, cause);
    if (!ErrorClass.recognizes(code)) {
      log.warn(
          "account {}: {} answered the unrecognized error code {} (RequestId {}); treating it as"
              + " {}",
          account,
          action,
          code,
          requestId,
          errorClass);
    }
    return new TencentApiException(
        account, action, certificateId, code, message, requestId, errorClass, cause);
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
    return causeOf(e, type) != null;
  }

  private static <T extends Throwable> T causeOf(Throwable e, Class<T> type) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (type.isInstance(cause)) {
        return type.cast(cause);
      }
      if (cause.getCause() == cause) {
        return null;
      }
    }
    return null;
  }
}
