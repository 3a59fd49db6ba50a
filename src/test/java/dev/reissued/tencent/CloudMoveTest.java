package dev.reissued.tencent;

import static dev.reissued.tencent.CloudSandbox.ALL;
import static dev.reissued.tencent.CloudSandbox.CDN;
import static dev.reissued.tencent.CloudSandbox.CLB_GZ;
import static dev.reissued.tencent.CloudSandbox.CLB_SH;
import static dev.reissued.tencent.CloudSandbox.NEW;
import static dev.reissued.tencent.CloudSandbox.OLD;
import static dev.reissued.tencent.CloudSandbox.OTHER;
import static dev.reissued.tencent.CloudSandbox.UNISSUED;
import static dev.reissued.tencent.CloudSandbox.moveAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.reissued.sandbox.SandboxCloudOptions;
import dev.reissued.sandbox.SandboxResource;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CloudMoveTest {
  private static final Duration DEPLOY = Duration.ofSeconds(90);

  private CloudSandbox cloud;

  @AfterEach
  void stop() {
    if (cloud != null) {
      cloud.close();
    }
  }

  private List<DeployDetailStatus> states(long recordId) {
    return cloud.listings.allUpdateRecordDetails(recordId).stream()
        .map(UpdateRecordDetail::state)
        .toList();
  }

  private TencentApiException failure(Runnable call) {
    return catchThrowableOfType(TencentApiException.class, call::run);
  }

  @Test
  void a_move_first_answered_as_being_created_exists_on_the_next_call_and_moves_over_time() {
    cloud =
        CloudSandbox.start(
            SandboxCloudOptions.defaults().withDeployPendingRate(1.0).withDeployDuration(DEPLOY));

    UpdateCertificateInstanceResponse pending =
        cloud.actions.updateCertificateInstance(moveAll(OLD, NEW));
    assertThat(pending.beingCreated()).isTrue();
    assertThat(pending.progress()).extracting(UpdateSyncProgress::status).containsOnly(3L);
    assertThat(cloud.listings.allUpdateRecords(NEW, OLD)).isEmpty();

    UpdateCertificateInstanceResponse created =
        cloud.actions.updateCertificateInstance(moveAll(OLD, NEW));
    assertThat(created.beingCreated()).isFalse();
    assertThat(created.adoptedRunning()).isFalse();
    assertThat(created.deployStatus()).isEqualTo(1L);
    long recordId = created.deployRecordId();
    assertThat(recordId).isPositive();
    assertThat(cloud.sandbox.cloud().updateCalls(OLD, NEW)).isEqualTo(2);
    assertThat(cloud.sandbox.cloud().recordsCreated(OLD, NEW)).isEqualTo(1);

    assertThat(states(recordId)).hasSize(7).containsOnly(DeployDetailStatus.PENDING);
    cloud.clock.advance(DEPLOY.dividedBy(2));
    assertThat(states(recordId)).containsOnly(DeployDetailStatus.DEPLOYING);
    assertThat(cloud.sandbox.cloud().holder(CLB_GZ)).contains(OLD);
    cloud.clock.advance(DEPLOY.dividedBy(2));
    assertThat(states(recordId)).containsOnly(DeployDetailStatus.SUCCEEDED);

    for (SandboxResource resource : ALL) {
      assertThat(cloud.sandbox.cloud().holder(resource)).as(resource.describe()).contains(NEW);
    }
    assertThat(cloud.sandbox.cloud().resourcesHolding(OTHER)).hasSize(1);
    assertThat(cloud.sandbox.cloud().expiringNotificationSwitch(OLD)).contains(1);
    UpdateRecordDetailPage page = cloud.actions.describeHostUpdateRecordDetail(recordId, 0, 10);
    assertThat(page.totalCount()).isEqualTo(7);
    assertThat(page.successTotalCount()).isEqualTo(7);
    assertThat(page.groups())
        .extracting(UpdateRecordDetailPage.Group::resourceType)
        .containsExactlyInAnyOrder("clb", "cdn", "teo", "waf", "cos");
    UpdateRecordDetail shanghai =
        page.details().stream()
            .filter(detail -> "lbl-sh443".equals(detail.listenerId()))
            .findFirst()
            .orElseThrow();
    assertThat(shanghai.instanceId()).isEqualTo(CLB_SH.instanceId());
    assertThat(shanghai.region()).isEqualTo("ap-shanghai");
    assertThat(shanghai.certificateId()).isEqualTo(NEW);
    assertThat(shanghai.oldCertificateId()).isEqualTo(OLD);
    assertThat(shanghai.updateTime()).isEqualTo(CloudSandbox.NOW.plus(DEPLOY));
  }

  @Test
  void a_call_while_the_pairs_move_runs_adopts_it_instead_of_starting_another() {
    cloud = CloudSandbox.start(SandboxCloudOptions.defaults().withDeployDuration(DEPLOY));
    long recordId = cloud.moveUntilCreated(moveAll(OLD, NEW)).deployRecordId();

    UpdateCertificateInstanceResponse again =
        cloud.actions.updateCertificateInstance(moveAll(OLD, NEW));

    assertThat(again.adoptedRunning()).isTrue();
    assertThat(again.deployStatus()).isZero();
    assertThat(again.deployRecordId()).isEqualTo(recordId);
    assertThat(cloud.sandbox.cloud().recordsCreated(OLD, NEW)).isEqualTo(1);
  }

  @Test
  void resources_that_fail_their_first_attempt_move_on_a_retry_and_a_second_retry_is_refused() {
    cloud =
        CloudSandbox.start(
            SandboxCloudOptions.defaults().withDeployFailRate(1.0).withDeployDuration(DEPLOY));
    long recordId = cloud.moveUntilCreated(moveAll(OLD, NEW)).deployRecordId();
    cloud.clock.advance(DEPLOY);

    List<UpdateRecordDetail> failed = cloud.listings.allUpdateRecordDetails(recordId);
    assertThat(failed).hasSize(7).allMatch(detail -> detail.state() == DeployDetailStatus.FAILED);
    assertThat(failed)
        .filteredOn(detail -> "lbl-gz443".equals(detail.listenerId()))
        .singleElement()
        .extracting(UpdateRecordDetail::errorMsg)
        .asString()
        .contains("lbl-gz443", "lb-gz01");
    assertThat(cloud.sandbox.cloud().holder(CDN)).contains(OLD);

    UpdateRecordDetail cdn =
        failed.stream().filter(detail -> "cdn".equals(detail.resourceType())).findFirst().get();
    assertThat(cloud.actions.retryUpdateRecordDetail(cdn.id())).isNotBlank();
    cloud.clock.advance(DEPLOY);
    assertThat(cloud.sandbox.cloud().holder(CDN)).contains(NEW);
    assertThat(cloud.sandbox.cloud().holder(CLB_GZ)).contains(OLD);

    cloud.actions.retryUpdateRecord(recordId);
    assertThat(states(recordId))
        .containsOnly(DeployDetailStatus.PENDING, DeployDetailStatus.SUCCEEDED);
    cloud.clock.advance(DEPLOY);
    assertThat(states(recordId)).containsOnly(DeployDetailStatus.SUCCEEDED);
    assertThat(cloud.sandbox.cloud().resourcesHolding(NEW)).hasSize(7);

    TencentApiException nothingFailed = failure(() -> cloud.actions.retryUpdateRecord(recordId));
    assertThat(nothingFailed.code()).isEqualTo(CloudCodes.RETRY_STATUS_INVALID);
    assertThat(nothingFailed.errorClass()).isEqualTo(ErrorClass.TERMINAL);
  }

  @Test
  void a_rollback_is_a_new_task_that_puts_the_moved_resources_back_on_the_old_certificate() {
    cloud = CloudSandbox.start(SandboxCloudOptions.defaults().withDeployDuration(DEPLOY));
    long recordId = cloud.moveUntilCreated(moveAll(OLD, NEW)).deployRecordId();

    TencentApiException running = failure(() -> cloud.actions.rollbackUpdateRecord(recordId));
    assertThat(running.code()).isEqualTo(CloudCodes.DETAIL_ROLLBACK_STATUS_INVALID);
    assertThat(running.errorClass()).isEqualTo(ErrorClass.RETRYABLE);

    cloud.clock.advance(DEPLOY);
    long rollbackId = cloud.actions.rollbackUpdateRecord(recordId);
    assertThat(rollbackId).isNotEqualTo(recordId).isPositive();
    cloud.clock.advance(DEPLOY);

    assertThat(states(rollbackId)).hasSize(7).containsOnly(DeployDetailStatus.ROLLED_BACK);
    assertThat(cloud.sandbox.cloud().resourcesHolding(OLD)).hasSize(7);
    assertThat(cloud.sandbox.cloud().resourcesHolding(NEW)).isEmpty();
    assertThat(cloud.listings.allUpdateRecords(OLD, NEW))
        .singleElement()
        .extracting(UpdateRecord::id)
        .isEqualTo(rollbackId);
    TencentApiException again = failure(() -> cloud.actions.rollbackUpdateRecord(rollbackId));
    assertThat(again.code()).isEqualTo(CloudCodes.ROLLBACK_STATUS_INVALID);
  }

  @Test
  void a_lost_answer_leaves_the_move_unknown_and_the_task_is_found_by_its_pair() {
    cloud = CloudSandbox.start();
    cloud.sandbox.setLostAnswerRate(1.0);

    TencentApiException lost =
        failure(() -> cloud.actions.updateCertificateInstance(moveAll(OLD, NEW)));

    assertThat(lost.errorClass()).isEqualTo(ErrorClass.OUTCOME_UNKNOWN);
    assertThat(lost.certificateId()).isEqualTo(OLD);
    assertThat(cloud.sandbox.cloud().updateCalls(OLD, NEW)).isEqualTo(1);
    List<UpdateRecord> found = cloud.listings.allUpdateRecords(NEW, OLD);
    assertThat(found)
        .singleElement()
        .satisfies(
            record -> {
              assertThat(record.certificateId()).isEqualTo(NEW);
              assertThat(record.oldCertificateId()).isEqualTo(OLD);
              assertThat(record.resourceTypes()).containsExactly("clb", "cdn", "teo", "waf", "cos");
              assertThat(record.regions()).contains("ap-guangzhou", "ap-shanghai");
              assertThat(record.createTime()).isEqualTo(CloudSandbox.NOW);
            });
    assertThat(cloud.sandbox.cloud().recordsCreated(OLD, NEW)).isEqualTo(1);
  }

  @Test
  void after_a_move_the_old_certificate_has_nothing_left_to_move() {
    cloud = CloudSandbox.start();
    cloud.moveUntilCreated(moveAll(OLD, NEW));

    TencentApiException empty =
        failure(() -> cloud.actions.updateCertificateInstance(moveAll(OLD, NEW)));

    assertThat(empty.code()).isEqualTo(CloudCodes.DEPLOY_INSTANCE_EMPTY);
    assertThat(empty.errorClass()).isEqualTo(ErrorClass.TERMINAL);
    assertThat(cloud.sandbox.cloud().recordsCreated(OLD, NEW)).isEqualTo(1);
  }

  @Test
  void only_the_asked_types_and_regions_move() {
    cloud = CloudSandbox.start();
    cloud.moveUntilCreated(
        UpdateCertificateInstanceRequest.of(
            OLD,
            NEW,
            List.of("clb"),
            List.of(new ResourceTypeRegions("clb", List.of("ap-shanghai"))),
            false));

    assertThat(cloud.sandbox.cloud().resourcesHolding(NEW)).containsExactly(CLB_SH);
    assertThat(cloud.sandbox.cloud().holder(CLB_GZ)).contains(OLD);
    assertThat(cloud.sandbox.cloud().expiringNotificationSwitch(OLD)).isEmpty();
  }

  @Test
  void a_new_certificate_not_issued_yet_is_not_available_and_retryable() {
    cloud = CloudSandbox.start();
    TencentApiException error =
        failure(() -> cloud.actions.updateCertificateInstance(moveAll(OLD, UNISSUED)));
    assertThat(error.code()).isEqualTo(CloudCodes.CERTIFICATE_NOT_AVAILABLE);
    assertThat(error.errorClass()).isEqualTo(ErrorClass.RETRYABLE);
    assertThat(cloud.sandbox.cloud().recordsCreated(OLD, UNISSUED)).isZero();
  }

  @Test
  void a_missing_service_role_is_an_account_refusal_that_says_how_to_fix_it() {
    cloud = CloudSandbox.start(SandboxCloudOptions.defaults().withServiceRole(false));
    TencentApiException error =
        failure(() -> cloud.actions.updateCertificateInstance(moveAll(OLD, NEW)));
    assertThat(error.code()).isEqualTo(CloudCodes.ROLE_NOT_FOUND);
    assertThat(ErrorClass.isServiceRoleMissing(error.code())).isTrue();
    assertThat(error.errorClass()).isEqualTo(ErrorClass.ACCOUNT);
    assertThat(error.requestId()).isNotBlank();
    assertThat(error.getMessage())
        .contains(cloud.client.account(), "UpdateCertificateInstance", OLD)
        .contains("authorisation", "CAM");
    assertThat(cloud.sandbox.cloud().resourcesHolding(OLD)).hasSize(7);
  }

  @Test
  void expiry_notices_of_replaced_certificates_are_switched_off() {
    cloud = CloudSandbox.start();
    assertThat(cloud.actions.modifyExpiringNotificationSwitch(List.of(OLD, OTHER), true))
        .containsExactly(OLD, OTHER);
    assertThat(cloud.sandbox.cloud().expiringNotificationSwitch(OTHER)).contains(1);
    cloud.actions.modifyExpiringNotificationSwitch(List.of(OTHER), false);
    assertThat(cloud.sandbox.cloud().expiringNotificationSwitch(OTHER)).contains(0);
  }

  @Test
  void a_move_the_api_would_refuse_is_refused_before_it_is_sent() {
    assertThat(
            catchThrowableOfType(
                IllegalArgumentException.class,
                () ->
                    UpdateCertificateInstanceRequest.of(OLD, NEW, List.of("clb"), List.of(), true)))
        .hasMessageContaining("clb is region-scoped");
    assertThat(
            catchThrowableOfType(
                IllegalArgumentException.class,
                () ->
                    UpdateCertificateInstanceRequest.of(OLD, NEW, List.of("CDN"), List.of(), true)))
        .hasMessageContaining("lower-case");
    assertThat(
            catchThrowableOfType(
                IllegalArgumentException.class,
                () ->
                    UpdateCertificateInstanceRequest.of(OLD, OLD, List.of("cdn"), List.of(), true)))
        .hasMessageContaining("both");
  }
}
