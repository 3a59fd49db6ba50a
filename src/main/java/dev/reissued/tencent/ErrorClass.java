package dev.reissued.tencent;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;
import javax.net.ssl.SSLHandshakeException;

/**
 * What a failed call means for the caller, per the table in tencent-ssl-api.md. The distinction
 * that matters most: {@link #OUTCOME_UNKNOWN} (a re-issue may have happened; reconcile, never
 * re-send) against {@link #NOT_SENT} (the request provably never left; safe to send again).
 */
public enum ErrorClass {
  /** Answered "busy" or "too fast": try again later, with backoff and a bound. */
  RETRYABLE,
  /** Credentials or permissions: stop every call of this account until an operator fixes it. */
  ACCOUNT,
  /** This request can never succeed for this certificate as asked; stop and say why. */
  TERMINAL,
  /** The certificate is not re-issuable now (state or source); look again after the next sync. */
  SKIP,
  /** The certificate no longer exists. */
  GONE,
  /** A state-changing request may have been carried out without an answer reaching us. */
  OUTCOME_UNKNOWN,
  /** The request never reached the server. */
  NOT_SENT;

  private static final Set<String> RETRYABLE_CODES =
      Set.of(
          "FailedOperation.NetworkError",
          "RequestLimitExceeded",
          "LimitExceeded.RateLimitExceeded",
          "FailedOperation.OrderReplaceFailed",
          // DownloadCertificate before issuance: the certificate is not ready yet.
          "FailedOperation.CertificateStatusNotAllowDownload",
          // UpdateCertificateInstance to a certificate not issued yet, or while a move of it runs,
          // and a rollback of a record still running: each clears up with time.
          CloudCodes.CERTIFICATE_NOT_AVAILABLE,
          CloudCodes.HAS_PENDING_RECORD,
          CloudCodes.DETAIL_ROLLBACK_STATUS_INVALID);
  private static final Set<String> ACCOUNT_CODES =
      Set.of(
          "FailedOperation.AuthError",
          "FailedOperation.CAMAuthorizedFail",
          "FailedOperation.NoProjectPermission",
          "FailedOperation.NoRealNameAuth",
          "UnauthorizedOperation",
          // No resource of the account can be moved until its owner authorises the role.
          CloudCodes.ROLE_NOT_FOUND);
  private static final Set<String> TERMINAL_CODES =
      Set.of(
          "InvalidParameter.RenewAlgorithmInvalid",
          "InvalidParameter.RenewCsrInvalid",
          "InvalidParameter.RenewGenCsrMethodInvalid",
          "FailedOperation.InvalidParam",
          "FailedOperation.CertificateInvalid",
          "FailedOperation.OrderAlreadyReplaced",
          "FailedOperation.ExceedsFreeLimit",
          // ApplyCertificate: quota per main domain, Tencent failing to make the key, and
          // parameters it will never accept as sent.
          "FailedOperation.MainDomainCertificateCountLimit",
          "FailedOperation.GenCSRFail",
          "InvalidParameter.PeriodInvalid",
          "InvalidParameter.DomainInvalid",
          // Common errors for a malformed request: a bug on our side, not worth repeating.
          "InvalidParameter",
          "InvalidParameterValue",
          // Answers about moving cloud resources that no repetition changes. The empty and
          // retry-status ones are also how the API says "nothing (left) to do": the caller reads
          // them by code (CloudCodes), and stops either way.
          CloudCodes.DEPLOY_INSTANCE_EMPTY,
          CloudCodes.NOT_DEPLOY_INSTANCE,
          CloudCodes.HOST_DEPLOY_NOT_ALLOWED,
          CloudCodes.RESOURCE_TYPE_INVALID,
          CloudCodes.RETRY_STATUS_INVALID,
          CloudCodes.ROLLBACK_STATUS_INVALID,
          CloudCodes.DEPLOY_NOT_EXIST,
          "MissingParameter",
          "InvalidAction",
          "NoSuchVersion",
          "UnsupportedOperation");
  private static final Set<String> SKIP_CODES =
      Set.of(
          "FailedOperation.InvalidCertificateStatusCode",
          "FailedOperation.InvalidCertificateSource",
          // CompleteCertificate on a certificate that is not (or no longer) pending validation.
          "FailedOperation.CertificateStatusNotAllowVerify");
  private static final Set<String> NO_ANSWER_CODES =
      Set.of(
          "InternalError",
          LocalCode.SERVER_SIDE_ERROR,
          LocalCode.NO_ANSWER,
          LocalCode.INVALID_RESPONSE);

  /**
   * Classifies one failure of {@code action}. {@code code} is the API's error code or a {@link
   * LocalCode}; {@code ioCause} is the transport exception, if any, consulted only for the generic
   * {@link LocalCode#CLIENT_SIDE_ERROR}.
   *
   * <p>An answered code this table does not know is {@link #TERMINAL}: the server answered, so it
   * rejected the request rather than losing it, and stopping (with the code logged) is the one
   * reaction that can never cause a second re-issue. The client logs such codes at WARN.
   */
  public static ErrorClass classify(ApiAction action, String code, Throwable ioCause) {
    String known = code == null || code.isBlank() ? LocalCode.CLIENT_SIDE_ERROR : code;
    if (known.equals(LocalCode.NOT_SENT)) {
      return NOT_SENT;
    }
    if (known.equals(LocalCode.CLIENT_SIDE_ERROR)) {
      return neverSent(ioCause) ? NOT_SENT : noAnswer(action);
    }
    if (NO_ANSWER_CODES.contains(known) || known.startsWith("InternalError.")) {
      return noAnswer(action);
    }
    if (RETRYABLE_CODES.contains(known) || known.startsWith("RequestLimitExceeded.")) {
      return RETRYABLE;
    }
    if (known.startsWith("AuthFailure")
        || ACCOUNT_CODES.contains(known)
        || known.startsWith("UnauthorizedOperation.")) {
      return ACCOUNT;
    }
    if (SKIP_CODES.contains(known)) {
      return SKIP;
    }
    if (known.equals("FailedOperation.CertificateNotFound")) {
      return GONE;
    }
    return TERMINAL;
  }

  /**
   * Whether the API refused the request for its rate limit: nothing happened, and the certificate
   * is not to blame, so such a refusal never uses up one of its attempts.
   */
  public static boolean isRateLimit(String code) {
    return code != null
        && (code.equals("RequestLimitExceeded")
            || code.startsWith("RequestLimitExceeded.")
            || code.equals("LimitExceeded.RateLimitExceeded"));
  }

  /**
   * Whether the API refused to move cloud resources because the account has not authorised the SSL
   * service's role. {@link #ACCOUNT} like a credentials failure, but only cloud moves need the
   * role: a caller may stop just those, and should tell the operator {@link
   * CloudCodes#SERVICE_ROLE_FIX}.
   */
  public static boolean isServiceRoleMissing(String code) {
    return CloudCodes.ROLE_NOT_FOUND.equals(code);
  }

  /**
   * Whether the API refused an ApplyCertificate for its free-certificate quota, account-wide or per
   * main domain: {@link #TERMINAL}, and no other certificate of the account (or domain) will fare
   * better until an operator frees quota, so it is worth one report per account, not one per
   * certificate.
   */
  public static boolean isQuota(String code) {
    return "FailedOperation.ExceedsFreeLimit".equals(code)
        || "FailedOperation.MainDomainCertificateCountLimit".equals(code);
  }

  /** Whether {@link #classify} has an explicit rule for this code (others are logged at WARN). */
  public static boolean recognizes(String code) {
    return code != null
        && (code.equals(LocalCode.NOT_SENT)
            || code.equals(LocalCode.CLIENT_SIDE_ERROR)
            || NO_ANSWER_CODES.contains(code)
            || code.startsWith("InternalError.")
            || RETRYABLE_CODES.contains(code)
            || code.startsWith("RequestLimitExceeded.")
            || code.startsWith("AuthFailure")
            || ACCOUNT_CODES.contains(code)
            || code.startsWith("UnauthorizedOperation.")
            || SKIP_CODES.contains(code)
            || code.equals("FailedOperation.CertificateNotFound")
            || TERMINAL_CODES.contains(code));
  }

  /**
   * Whether the exception chain shows a failure that happens before any request byte is written:
   * connection refused, unknown host, no route, connect timeout, TLS handshake. Anything else (read
   * timeout, reset, EOF, "unexpected end of stream") may come after the server read the request.
   */
  public static boolean neverSent(Throwable ioCause) {
    for (Throwable cause = ioCause; cause != null; cause = cause.getCause()) {
      if (cause instanceof ConnectException
          || cause instanceof UnknownHostException
          || cause instanceof NoRouteToHostException
          || cause instanceof SSLHandshakeException) {
        return true;
      }
      if (cause instanceof SocketTimeoutException
          && cause.getMessage() != null
          && cause.getMessage().toLowerCase(Locale.ROOT).startsWith("connect")) {
        return true;
      }
    }
    return false;
  }

  private static ErrorClass noAnswer(ApiAction action) {
    return action.changesState() ? OUTCOME_UNKNOWN : RETRYABLE;
  }
}
