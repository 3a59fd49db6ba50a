package dev.reissued.tencent;

import static dev.reissued.tencent.ApiAction.UPDATE_CERTIFICATE_INSTANCE;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class CloudErrorClassTest {
  @ParameterizedTest(name = "UpdateCertificateInstance {0} -> {1}")
  @CsvSource({
    "FailedOperation.CertificateDeployInstanceEmpty, TERMINAL",
    "FailedOperation.CertificateNotDeployInstance, TERMINAL",
    "FailedOperation.CertificateDeployHasPendingRecord, RETRYABLE",
    "FailedOperation.CertificateHostDeployCanNotAllow, TERMINAL",
    "FailedOperation.CertificateNotAvailable, RETRYABLE",
    "FailedOperation.RoleNotFoundAuthorization, ACCOUNT",
    "FailedOperation.CertificateHostResourceTypeInvalid, TERMINAL",
    "FailedOperation.CertificateDeployRetryStatusInvalid, TERMINAL",
    "FailedOperation.CertificateDeployRollbackStatusInvalid, TERMINAL",
    "FailedOperation.CertificateDeployDetailRollbackStatusInvalid, RETRYABLE",
    "FailedOperation.CertificateDeployNotExist, TERMINAL",
    "LimitExceeded.RateLimitExceeded, RETRYABLE",
    "FailedOperation.AuthError, ACCOUNT",
    "ClientSideError.NoAnswer, OUTCOME_UNKNOWN",
    "ClientSideError.InvalidResponse, OUTCOME_UNKNOWN",
    "InternalError, OUTCOME_UNKNOWN"
  })
  void every_code_of_a_move_has_its_class(String code, ErrorClass expected) {
    assertThat(ErrorClass.classify(UPDATE_CERTIFICATE_INSTANCE, code, null)).isEqualTo(expected);
    assertThat(ErrorClass.recognizes(code)).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = ApiAction.class,
      names = {
        "UPDATE_CERTIFICATE_INSTANCE",
        "UPDATE_CERTIFICATE_RECORD_RETRY",
        "UPDATE_CERTIFICATE_RECORD_ROLLBACK",
        "MODIFY_EXPIRING_NOTIFICATION_SWITCH"
      })
  void a_lost_answer_to_a_cloud_action_that_changes_something_is_an_unknown_outcome(
      ApiAction action) {
    assertThat(action.changesState()).isTrue();
    assertThat(ErrorClass.classify(action, LocalCode.NO_ANSWER, null))
        .isEqualTo(ErrorClass.OUTCOME_UNKNOWN);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = ApiAction.class,
      names = {
        "CREATE_BIND_RESOURCE_SYNC_TASK",
        "DESCRIBE_BIND_RESOURCE_TASK_RESULT",
        "DESCRIBE_BIND_RESOURCE_TASK_DETAIL",
        "DESCRIBE_HOST_UPDATE_RECORD",
        "DESCRIBE_HOST_UPDATE_RECORD_DETAIL"
      })
  void a_lost_answer_to_a_query_is_only_retryable(ApiAction action) {
    assertThat(action.changesState()).isFalse();
    assertThat(ErrorClass.classify(action, LocalCode.NO_ANSWER, null))
        .isEqualTo(ErrorClass.RETRYABLE);
  }

  @Test
  void only_the_missing_service_role_is_told_apart_from_other_account_refusals() {
    assertThat(ErrorClass.isServiceRoleMissing(CloudCodes.ROLE_NOT_FOUND)).isTrue();
    assertThat(ErrorClass.isServiceRoleMissing("FailedOperation.AuthError")).isFalse();
    assertThat(ErrorClass.isServiceRoleMissing(null)).isFalse();
    assertThat(CloudCodes.SERVICE_ROLE_FIX).contains("console", "authorisation");
  }
}
