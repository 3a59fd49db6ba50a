package dev.reissued.tencent;

import static dev.reissued.tencent.CloudSandbox.NEW;
import static dev.reissued.tencent.CloudSandbox.OLD;
import static dev.reissued.tencent.CloudSandbox.moveAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Answers the sandbox would never give, served verbatim over the same signed HTTP. */
class CloudAnswerParsingTest {
  private static final String DETAIL = "DescribeCertificateBindResourceTaskDetail";

  private CloudSandbox cloud;

  @BeforeEach
  void start() {
    cloud = CloudSandbox.start();
  }

  @AfterEach
  void stop() {
    cloud.close();
  }

  private TencentApiException failure(Runnable call) {
    TencentApiException error = catchThrowableOfType(TencentApiException.class, call::run);
    assertThat(error).as("a TencentApiException").isNotNull();
    return error;
  }

  private BindResourceDetail detail(String answer) {
    cloud.sandbox.answerNext(DETAIL, answer);
    return cloud.actions.describeBindResourceTaskDetail(
        BindResourceDetailRequest.page("task-1", 0, 100, List.of(), List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "a product that is not an array | {\"CLB\":\"none\"} | CLB is \"none\", not an array",
        "a list that is not an object | {\"CDN\":[42]} | CDN[0] is 42, not an object",
        "an entry that is null | {\"CDN\":[{\"InstanceList\":[null]}]}"
            + " | CDN[0].InstanceList[0] is null, not an object",
        "listeners that are not an array"
            + " | {\"CLB\":[{\"Region\":\"ap-guangzhou\",\"InstanceList\":[{\"LoadBalancerId\":"
            + "\"lb-1\",\"Listeners\":{\"a\":1}}],\"TotalCount\":1}]}"
            + " | CLB[0].InstanceList[0].Listeners is an object, not an array",
        "a negative total | {\"WAF\":[{\"Region\":\"ap-guangzhou\",\"InstanceList\":[],"
            + "\"TotalCount\":-5}]} | WAF[0].TotalCount is -5, not a count",
        "tke secrets that are not an array"
            + " | {\"TKE\":[{\"InstanceList\":[{\"ClusterId\":\"cls-1\",\"NamespaceList\":"
            + "[{\"Name\":\"default\",\"SecretList\":\"x\"}]}]}]}"
            + " | TKE[0].InstanceList[0].NamespaceList[0].SecretList is \"x\", not an array"
      })
  void a_bind_resource_detail_that_could_hide_a_resource_is_refused_by_name(
      String what, String answer, String message) {
    TencentApiException error = failure(() -> detail(answer));
    assertThat(error.code()).isEqualTo(LocalCode.INVALID_RESPONSE);
    assertThat(error.errorClass()).isEqualTo(ErrorClass.RETRYABLE);
    assertThat(error.action()).isEqualTo(ApiAction.DESCRIBE_BIND_RESOURCE_TASK_DETAIL);
    assertThat(error.getMessage()).contains("the answer does not read: " + message);
  }

  @Test
  void a_product_added_later_is_kept_raw_and_odd_values_are_read_leniently() {
    BindResourceDetail page =
        detail(
            "{\"Status\":\"1\",\"CacheTime\":\"--\",\"LIGHTHOUSE\":[{\"Region\":\"ap-beijing\","
                + "\"InstanceList\":[{\"InstanceId\":\"lhins-1\",\"Domain\":\"lh.example.com\","
                + "\"CertId\":\"abc\",\"Extra\":{\"deep\":true}}],\"TotalCount\":\"1\"}],"
                + "\"CDN\":[{\"InstanceList\":[{\"Domain\":\"cdn.example.com\",\"CertId\":\"\"}],"
                + "\"Error\":\"\"}],\"Unrelated\":[1,2],\"RequestId\":\"req-1\"}");

    assertThat(page.status()).isEqualTo(1L);
    assertThat(page.cacheTime()).isNull();
    assertThat(page.requestId()).isEqualTo("req-1");
    assertThat(page.parts())
        .extracting(
            BindResourceDetail.Part::type,
            BindResourceDetail.Part::region,
            BindResourceDetail.Part::totalCount,
            BindResourceDetail.Part::error)
        .containsExactly(tuple("LIGHTHOUSE", "ap-beijing", 1L, null), tuple("CDN", null, 1L, null));
    BoundResource lighthouse = page.resources().get(0);
    assertThat(lighthouse.type()).isEqualTo("LIGHTHOUSE");
    assertThat(lighthouse.instanceId()).isEqualTo("lhins-1");
    assertThat(lighthouse.domains()).containsExactly("lh.example.com");
    assertThat(lighthouse.certificateId()).isEqualTo("abc");
    assertThat(lighthouse.raw()).contains("\"deep\":true");
    assertThat(page.resources().get(1).certificateId()).isNull();
  }

  @Test
  void sni_rules_with_their_own_certificates_are_one_resource_per_certificate_and_tke_per_secret() {
    BindResourceDetail page =
        detail(
            "{\"CLB\":[{\"Region\":\"ap-guangzhou\",\"TotalCount\":1,\"InstanceList\":[{"
                + "\"LoadBalancerId\":\"lb-1\",\"LoadBalancerName\":\"web\",\"Listeners\":[{"
                + "\"ListenerId\":\"lbl-1\",\"SniSwitch\":1,\"Certificate\":null,\"Rules\":["
                + "{\"Domain\":\"a.example.com\",\"Certificate\":{\"CertId\":\"old1\"}},"
                + "{\"Domain\":\"b.example.com\",\"Certificate\":{\"CertId\":\"other\"}},"
                + "{\"Domain\":\"c.example.com\",\"Certificate\":{\"CertId\":\"old1\"}}]}]}]}],"
                + "\"TKE\":[{\"Region\":\"ap-shanghai\",\"InstanceList\":[{\"ClusterId\":"
                + "\"cls-1\",\"ClusterName\":\"prod\",\"NamespaceList\":[{\"Name\":\"web\","
                + "\"SecretList\":[{\"Name\":\"tls-a\",\"CertId\":\"old1\",\"IngressList\":[{"
                + "\"IngressName\":\"in\",\"TlsDomains\":[\"a.example.com\"],\"Domains\":"
                + "[\"a.example.com\",\"www.example.com\"]}]},{\"Name\":\"tls-b\",\"CertId\":"
                + "\"old1\"}]}]}]}]}");

    assertThat(page.resources())
        .extracting(
            BoundResource::type,
            BoundResource::listenerId,
            BoundResource::namespace,
            BoundResource::secretName,
            BoundResource::domains,
            BoundResource::certificateId)
        .containsExactly(
            tuple("CLB", "lbl-1", null, null, List.of("a.example.com", "c.example.com"), "old1"),
            tuple("CLB", "lbl-1", null, null, List.of("b.example.com"), "other"),
            tuple("TKE", null, "web", "tls-a", List.of("a.example.com", "www.example.com"), "old1"),
            tuple("TKE", null, "web", "tls-b", List.of(), "old1"));
    assertThat(page.resources().get(0).raw())
        .contains("a.example.com", "c.example.com")
        .doesNotContain("b.example.com");
    assertThat(page.resources().get(2).raw()).contains("tls-a").doesNotContain("tls-b");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "LIVE | {\"TotalCount\":1,\"InstanceList\":[{\"Domain\":\"live.example.com\","
            + "\"CertId\":\"c1\",\"Status\":1}]} | | live.example.com | | live.example.com",
        "DDOS | {\"InstanceList\":[{\"Domain\":\"d.example.com\",\"InstanceId\":\"bgpip-1\","
            + "\"Protocol\":\"https\",\"CertId\":\"c1\",\"VirtualPort\":\"443\"}]}"
            + " | | bgpip-1 | | d.example.com",
        "APIGATEWAY | {\"Region\":\"ap-guangzhou\",\"InstanceList\":[{\"ServiceId\":\"service-1\","
            + "\"ServiceName\":\"orders\",\"Domain\":\"api.example.com\",\"CertId\":\"c1\"}]}"
            + " | ap-guangzhou | service-1 | orders | api.example.com",
        "VOD | {\"InstanceList\":[{\"Domain\":\"vod.example.com\",\"CertId\":\"c1\"}]}"
            + " | | vod.example.com | | vod.example.com"
      })
  void every_flat_product_names_its_instance_and_domain(
      String type, String list, String region, String instance, String name, String domain) {
    BindResourceDetail page = detail("{\"" + type + "\":[" + list + "]}");
    assertThat(page.resources())
        .singleElement()
        .satisfies(
            resource -> {
              assertThat(resource.type()).isEqualTo(type);
              assertThat(resource.region()).isEqualTo(region);
              assertThat(resource.instanceId()).isEqualTo(instance);
              assertThat(resource.instanceName()).isEqualTo(name);
              assertThat(resource.domains()).containsExactly(domain);
              assertThat(resource.certificateId()).isEqualTo("c1");
            });
  }

  @Test
  void a_failed_query_carries_its_error_and_a_result_without_status_is_refused() {
    cloud.sandbox.answerNext(
        "DescribeCertificateBindResourceTaskResult",
        "{\"SyncTaskBindResourceResult\":[{\"TaskId\":\"t1\",\"Status\":2,\"Error\":{\"Code\":"
            + "\"FailedOperation.SystemError\",\"Message\":\"busy\"},\"BindResourceResult\":null}]}");
    BindTaskResult failed = cloud.actions.describeBindResourceTaskResult(List.of("t1")).get(0);
    assertThat(failed.isFailed()).isTrue();
    assertThat(failed.errorCode()).isEqualTo("FailedOperation.SystemError");
    assertThat(failed.errorMessage()).isEqualTo("busy");

    cloud.sandbox.answerNext(
        "DescribeCertificateBindResourceTaskResult",
        "{\"SyncTaskBindResourceResult\":[{\"TaskId\":\"t1\"}]}");
    TencentApiException error =
        failure(() -> cloud.actions.describeBindResourceTaskResult(List.of("t1")));
    assertThat(error.getMessage())
        .contains("SyncTaskBindResourceResult[0].Status is missing, not a count");

    cloud.sandbox.answerNext(
        "CreateCertificateBindResourceSyncTask", "{\"CertTaskIds\":[{\"CertId\":\"x\"}]}");
    assertThat(
            failure(() -> cloud.actions.createBindResourceSyncTask(List.of(OLD), true))
                .getMessage())
        .contains("CertTaskIds[0].TaskId is missing, not an id");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "no record id | {\"DeployStatus\":1} | DeployRecordId is missing, not a count",
        "a record id that is text | {\"DeployRecordId\":\"soon\"} | DeployRecordId is \"soon\"",
        "a negative record id | {\"DeployRecordId\":-1} | DeployRecordId is -1, not a count",
        "progress that is not an array | {\"DeployRecordId\":5,\"UpdateSyncProgress\":7}"
            + " | UpdateSyncProgress is 7, not an array"
      })
  void a_move_answer_that_does_not_read_leaves_the_move_unknown(
      String what, String answer, String message) {
    cloud.sandbox.answerNext("UpdateCertificateInstance", answer);

    TencentApiException error =
        failure(() -> cloud.actions.updateCertificateInstance(moveAll(OLD, NEW)));

    assertThat(error.code()).isEqualTo(LocalCode.INVALID_RESPONSE);
    assertThat(error.errorClass()).isEqualTo(ErrorClass.OUTCOME_UNKNOWN);
    assertThat(error.certificateId()).isEqualTo(OLD);
    assertThat(error.getMessage()).contains(message);
  }

  @Test
  void a_rollback_answered_without_a_new_record_is_an_unknown_outcome() {
    cloud.sandbox.answerNext("UpdateCertificateRecordRollback", "{\"DeployRecordId\":0}");
    TencentApiException error = failure(() -> cloud.actions.rollbackUpdateRecord(7));
    assertThat(error.errorClass()).isEqualTo(ErrorClass.OUTCOME_UNKNOWN);
    assertThat(error.getMessage()).contains("DeployRecordId is 0, not a record id");
  }

  @Test
  void a_detail_with_an_undocumented_status_reads_as_still_running() {
    cloud.sandbox.answerNext(
        "DescribeHostUpdateRecordDetail",
        "{\"TotalCount\":\"1\",\"RecordDetailList\":[{\"ResourceType\":\"cdn\",\"List\":[{"
            + "\"Id\":9,\"Status\":9,\"Domains\":\"one.example.com\",\"Region\":\"\","
            + "\"UpdateTime\":\"2025-03-01 12:00:00\",\"ErrorMsg\":\"\"}]}]}");

    UpdateRecordDetailPage page = cloud.actions.describeHostUpdateRecordDetail(7, 0, 200);

    assertThat(page.totalCount()).isEqualTo(1);
    assertThat(page.successTotalCount()).isNull();
    UpdateRecordDetail detail = page.details().get(0);
    assertThat(detail.state()).isEqualTo(DeployDetailStatus.UNKNOWN);
    assertThat(detail.state().running()).isTrue();
    assertThat(detail.domains()).containsExactly("one.example.com");
    assertThat(detail.region()).isNull();
    assertThat(detail.errorMsg()).isNull();
    assertThat(detail.updateTime()).isEqualTo(CloudSandbox.NOW);
  }

  @Test
  void requests_past_the_api_limits_are_refused_before_they_are_sent() {
    List<String> many = java.util.Collections.nCopies(101, OLD);
    assertThat(
            catchThrowableOfType(
                IllegalArgumentException.class,
                () -> cloud.actions.createBindResourceSyncTask(many, false)))
        .hasMessageContaining("1 to 100");
    assertThat(
            catchThrowableOfType(
                IllegalArgumentException.class,
                () -> cloud.actions.modifyExpiringNotificationSwitch(many.subList(0, 51), true)))
        .hasMessageContaining("1 to 50");
    assertThat(
            catchThrowableOfType(
                IllegalArgumentException.class,
                () -> cloud.actions.describeHostUpdateRecordDetail(7, 0, 201)))
        .hasMessageContaining("Limit 1 to 200");
    assertThat(cloud.sandbox.requestsServed()).isZero();
  }
}
