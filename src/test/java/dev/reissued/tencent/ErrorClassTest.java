package dev.reissued.tencent;

import static dev.reissued.tencent.ApiAction.APPLY_CERTIFICATE;
import static dev.reissued.tencent.ApiAction.COMPLETE_CERTIFICATE;
import static dev.reissued.tencent.ApiAction.DESCRIBE_CERTIFICATES;
import static dev.reissued.tencent.ApiAction.DOWNLOAD_CERTIFICATE;
import static dev.reissued.tencent.ApiAction.REPLACE_CERTIFICATE;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErrorClassTest {
  @ParameterizedTest(name = "ReplaceCertificate {0} -> {1}")
  @CsvSource({
    "FailedOperation.OrderAlreadyReplaced, TERMINAL",
    "FailedOperation.NetworkError, RETRYABLE",
    "RequestLimitExceeded, RETRYABLE",
    "RequestLimitExceeded.UinLimitExceeded, RETRYABLE",
    "RequestLimitExceeded.GlobalRegionUinLimitExceeded, RETRYABLE",
    "LimitExceeded.RateLimitExceeded, RETRYABLE",
    "InternalError, OUTCOME_UNKNOWN",
    "InternalError.ServiceUnavailable, OUTCOME_UNKNOWN",
    "ServerSideError, OUTCOME_UNKNOWN",
    "FailedOperation.OrderReplaceFailed, RETRYABLE",
    "AuthFailure, ACCOUNT",
    "AuthFailure.SignatureFailure, ACCOUNT",
    "AuthFailure.SecretIdNotFound, ACCOUNT",
    "AuthFailure.SignatureExpire, ACCOUNT",
    "AuthFailure.UnauthorizedOperation, ACCOUNT",
    "FailedOperation.AuthError, ACCOUNT",
    "FailedOperation.CAMAuthorizedFail, ACCOUNT",
    "FailedOperation.NoProjectPermission, ACCOUNT",
    "FailedOperation.NoRealNameAuth, ACCOUNT",
    "UnauthorizedOperation, ACCOUNT",
    "InvalidParameter.RenewAlgorithmInvalid, TERMINAL",
    "InvalidParameter.RenewCsrInvalid, TERMINAL",
    "InvalidParameter.RenewGenCsrMethodInvalid, TERMINAL",
    "FailedOperation.InvalidParam, TERMINAL",
    "FailedOperation.CertificateInvalid, TERMINAL",
    "FailedOperation.InvalidCertificateStatusCode, SKIP",
    "FailedOperation.InvalidCertificateSource, SKIP",
    "FailedOperation.CertificateNotFound, GONE",
    "FailedOperation.ExceedsFreeLimit, TERMINAL",
    "MissingParameter, TERMINAL",
    "InvalidParameter, TERMINAL",
    "ClientSideError.NotSent, NOT_SENT",
    "ClientSideError.NoAnswer, OUTCOME_UNKNOWN",
    "ClientSideError.InvalidResponse, OUTCOME_UNKNOWN"
  })
  void every_documented_code_has_its_class_for_a_reissue(String code, ErrorClass expected) {
    assertThat(ErrorClass.classify(REPLACE_CERTIFICATE, code, null)).isEqualTo(expected);
    assertThat(ErrorClass.recognizes(code)).isTrue();
  }

  @ParameterizedTest(name = "DescribeCertificates {0} -> {1}")
  @CsvSource({
    "InternalError, RETRYABLE",
    "InternalError.ServiceUnavailable, RETRYABLE",
    "ServerSideError, RETRYABLE",
    "ClientSideError.NoAnswer, RETRYABLE",
    "ClientSideError.InvalidResponse, RETRYABLE",
    "ClientSideError.NotSent, NOT_SENT",
    "AuthFailure.SignatureFailure, ACCOUNT",
    "RequestLimitExceeded, RETRYABLE",
    "InvalidParameter, TERMINAL"
  })
  void for_a_read_an_unanswered_request_is_only_retryable(String code, ErrorClass expected) {
    assertThat(ErrorClass.classify(DESCRIBE_CERTIFICATES, code, null)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "ApplyCertificate {0} -> {1}")
  @CsvSource({
    "FailedOperation.ExceedsFreeLimit, TERMINAL, true",
    "FailedOperation.MainDomainCertificateCountLimit, TERMINAL, true",
    "FailedOperation.GenCSRFail, TERMINAL, false",
    "FailedOperation.InvalidParam, TERMINAL, false",
    "InvalidParameter.PeriodInvalid, TERMINAL, false",
    "InvalidParameter.DomainInvalid, TERMINAL, false",
    "FailedOperation.InvalidCertificateStatusCode, SKIP, false",
    "FailedOperation.CertificateNotFound, GONE, false",
    "FailedOperation.NetworkError, RETRYABLE, false",
    "FailedOperation.NoRealNameAuth, ACCOUNT, false",
    "InternalError, OUTCOME_UNKNOWN, false",
    "ClientSideError.NoAnswer, OUTCOME_UNKNOWN, false",
    "ClientSideError.InvalidResponse, OUTCOME_UNKNOWN, false"
  })
  void an_application_uses_quota_so_a_lost_answer_is_unknown_and_quota_refusals_are_terminal(
      String code, ErrorClass expected, boolean quota) {
    assertThat(ErrorClass.classify(APPLY_CERTIFICATE, code, null)).isEqualTo(expected);
    assertThat(ErrorClass.recognizes(code)).isTrue();
    assertThat(ErrorClass.isQuota(code)).isEqualTo(quota);
  }

  @Test
  void completing_validation_is_safe_to_repeat_so_a_lost_answer_is_only_retryable() {
    assertThat(ErrorClass.classify(COMPLETE_CERTIFICATE, LocalCode.NO_ANSWER, null))
        .isEqualTo(ErrorClass.RETRYABLE);
    assertThat(
            ErrorClass.classify(
                COMPLETE_CERTIFICATE, "FailedOperation.CertificateStatusNotAllowVerify", null))
        .isEqualTo(ErrorClass.SKIP);
    assertThat(ErrorClass.isQuota(null)).isFalse();
  }

  @Test
  void a_download_before_issuance_is_retried_later() {
    assertThat(
            ErrorClass.classify(
                DOWNLOAD_CERTIFICATE, "FailedOperation.CertificateStatusNotAllowDownload", null))
        .isEqualTo(ErrorClass.RETRYABLE);
  }

  @Test
  void an_unknown_answered_code_stops_a_reissue_and_is_flagged_as_unrecognized() {
    assertThat(ErrorClass.classify(REPLACE_CERTIFICATE, "FailedOperation.SomethingNew", null))
        .isEqualTo(ErrorClass.TERMINAL);
    assertThat(ErrorClass.recognizes("FailedOperation.SomethingNew")).isFalse();
  }

  @Test
  void a_refused_connection_was_never_sent() {
    IOException refused = new ConnectException("Failed to connect to /127.0.0.1:1");
    assertThat(ErrorClass.classify(REPLACE_CERTIFICATE, "ClientSideError", refused))
        .isEqualTo(ErrorClass.NOT_SENT);
    assertThat(ErrorClass.classify(REPLACE_CERTIFICATE, null, new IOException("wrapped", refused)))
        .isEqualTo(ErrorClass.NOT_SENT);
  }

  @Test
  void dns_failure_and_connect_timeout_were_never_sent() {
    assertThat(
            ErrorClass.classify(
                REPLACE_CERTIFICATE, "", new UnknownHostException("ssl.tencentcloudapi.com")))
        .isEqualTo(ErrorClass.NOT_SENT);
    assertThat(
            ErrorClass.classify(
                REPLACE_CERTIFICATE, "", new SocketTimeoutException("Connect timed out")))
        .isEqualTo(ErrorClass.NOT_SENT);
  }

  @Test
  void read_timeout_reset_and_end_of_stream_leave_a_reissue_unknown() {
    assertThat(
            ErrorClass.classify(
                REPLACE_CERTIFICATE, "ClientSideError", new SocketTimeoutException("timeout")))
        .isEqualTo(ErrorClass.OUTCOME_UNKNOWN);
    assertThat(
            ErrorClass.classify(
                REPLACE_CERTIFICATE, "ClientSideError", new SocketException("Connection reset")))
        .isEqualTo(ErrorClass.OUTCOME_UNKNOWN);
    assertThat(
            ErrorClass.classify(
                REPLACE_CERTIFICATE,
                "ClientSideError",
                new IOException("unexpected end of stream", new EOFException("\\n not found"))))
        .isEqualTo(ErrorClass.OUTCOME_UNKNOWN);
    assertThat(
            ErrorClass.classify(
                DESCRIBE_CERTIFICATES, "ClientSideError", new SocketTimeoutException("timeout")))
        .isEqualTo(ErrorClass.RETRYABLE);
  }
}
