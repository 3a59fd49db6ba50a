package dev.reissued.tencent;

import static dev.reissued.tencent.CloudSandbox.NEW;
import static dev.reissued.tencent.CloudSandbox.OLD;
import static dev.reissued.tencent.CloudSandbox.OTHER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import dev.reissued.sandbox.SandboxCloudOptions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CloudDiscoveryTest {
  private CloudSandbox cloud;

  @AfterEach
  void stop() {
    if (cloud != null) {
      cloud.close();
    }
  }

  private BindTaskResult result(String taskId) {
    List<BindTaskResult> results = cloud.actions.describeBindResourceTaskResult(List.of(taskId));
    assertThat(results).hasSize(1);
    return results.get(0);
  }

  @Test
  void a_bind_resource_query_is_querying_until_its_delay_has_passed_then_counts_each_region() {
    cloud =
        CloudSandbox.start(
            SandboxCloudOptions.defaults().withBindTaskDelay(Duration.ofSeconds(30)));
    List<BindTask> tasks = cloud.actions.createBindResourceSyncTask(List.of(OLD, NEW), false);
    assertThat(tasks).extracting(BindTask::certificateId).containsExactly(OLD, NEW);
    String taskId = tasks.get(0).taskId();

    BindTaskResult querying = result(taskId);
    assertThat(querying.isQuerying()).isTrue();
    assertThat(querying.counts()).isEmpty();
    assertThat(querying.cacheTime()).isNull();

    cloud.clock.advance(Duration.ofSeconds(30));
    BindTaskResult done = result(taskId);
    assertThat(done.isDone()).isTrue();
    assertThat(done.cacheTime()).isEqualTo(CloudSandbox.NOW.plusSeconds(30));
    assertThat(done.counts())
        .containsExactlyInAnyOrder(
            new BindTaskResult.Count("clb", "ap-guangzhou", 1, null),
            new BindTaskResult.Count("clb", "ap-shanghai", 1, null),
            new BindTaskResult.Count("cdn", null, 1, null),
            new BindTaskResult.Count("teo", null, 1, null),
            new BindTaskResult.Count("waf", "ap-guangzhou", 1, null),
            new BindTaskResult.Count("cos", "ap-guangzhou", 1, null));
    assertThat(result(tasks.get(1).taskId()).total()).isZero();
  }

  @Test
  void a_running_query_is_answered_again_and_the_cache_is_used_only_when_asked() {
    cloud =
        CloudSandbox.start(
            SandboxCloudOptions.defaults().withBindTaskDelay(Duration.ofSeconds(30)));
    String first = cloud.actions.createBindResourceSyncTask(List.of(OLD), false).get(0).taskId();
    assertThat(cloud.actions.createBindResourceSyncTask(List.of(OLD), false).get(0).taskId())
        .as("a query still running is shared")
        .isEqualTo(first);

    cloud.clock.advance(Duration.ofMinutes(10));
    assertThat(cloud.actions.createBindResourceSyncTask(List.of(OLD), true).get(0).taskId())
        .as("IsCache 1 within half an hour")
        .isEqualTo(first);
    assertThat(cloud.actions.createBindResourceSyncTask(List.of(OLD), false).get(0).taskId())
        .as("IsCache 0")
        .isNotEqualTo(first);
  }

  @Test
  void the_detail_gives_one_uniform_record_per_resource_of_every_product() {
    cloud = CloudSandbox.start();
    String taskId = cloud.actions.createBindResourceSyncTask(List.of(OLD), false).get(0).taskId();
    assertThat(result(taskId).isDone()).isTrue();

    List<BoundResource> resources = cloud.listings.allBoundResources(taskId, List.of(), List.of());

    assertThat(resources).hasSize(7).allMatch(resource -> OLD.equals(resource.certificateId()));
    assertThat(resources)
        .extracting(
            BoundResource::type,
            BoundResource::region,
            BoundResource::instanceId,
            BoundResource::instanceName,
            BoundResource::listenerId,
            BoundResource::domains)
        .containsExactlyInAnyOrder(
            tuple(
                "CLB",
                "ap-guangzhou",
                "lb-gz01",
                "web-gz",
                "lbl-gz443",
                List.of("www.example.com", "example.com")),
            tuple(
                "CLB",
                "ap-guangzhou",
                "lb-gz01",
                "web-gz",
                "lbl-gz8443",
                List.of("www.example.com")),
            tuple(
                "CLB", "ap-shanghai", "lb-sh01", "web-sh", "lbl-sh443", List.of("www.example.com")),
            tuple("CDN", null, "www.example.com", null, null, List.of("www.example.com")),
            tuple("TEO", null, "zone-2q8n4k1xw7", null, null, List.of("www.example.com")),
            tuple("WAF", "ap-guangzhou", "www.example.com", null, null, List.of("www.example.com")),
            tuple(
                "COS",
                "ap-guangzhou",
                "static-1250000000",
                null,
                null,
                List.of("www.example.com")));
    BoundResource listener =
        resources.stream()
            .filter(resource -> "lbl-gz8443".equals(resource.listenerId()))
            .findFirst()
            .orElseThrow();
    assertThat(listener.apiType()).isEqualTo("clb");
    assertThat(listener.raw())
        .contains("\"LoadBalancerId\":\"lb-gz01\"", "\"ListenerId\":\"lbl-gz8443\"")
        .doesNotContain("lbl-gz443\"");
  }

  @Test
  void the_detail_can_be_narrowed_to_types_and_regions() {
    cloud = CloudSandbox.start();
    String taskId = cloud.actions.createBindResourceSyncTask(List.of(OLD), false).get(0).taskId();

    List<BoundResource> shanghaiClbAndCdn =
        cloud.listings.allBoundResources(taskId, List.of("clb", "cdn"), List.of("ap-shanghai"));

    assertThat(shanghaiClbAndCdn)
        .extracting(BoundResource::type, BoundResource::region)
        .containsExactlyInAnyOrder(tuple("CLB", "ap-shanghai"), tuple("CDN", null));
  }

  @Test
  void a_query_finished_before_a_move_is_stale_from_the_cache_and_fresh_without_it() {
    cloud = CloudSandbox.start();
    String before = cloud.actions.createBindResourceSyncTask(List.of(OLD), false).get(0).taskId();
    cloud.moveUntilCreated(CloudSandbox.moveAll(OLD, NEW));
    cloud.clock.advance(Duration.ofMinutes(1));

    String cached = cloud.actions.createBindResourceSyncTask(List.of(OLD), true).get(0).taskId();
    assertThat(cached).isEqualTo(before);
    assertThat(cloud.listings.allBoundResources(cached, List.of(), List.of())).hasSize(7);

    String fresh = cloud.actions.createBindResourceSyncTask(List.of(OLD), false).get(0).taskId();
    assertThat(cloud.listings.allBoundResources(fresh, List.of(), List.of())).isEmpty();
    String moved = cloud.actions.createBindResourceSyncTask(List.of(NEW), false).get(0).taskId();
    assertThat(cloud.listings.allBoundResources(moved, List.of(), List.of()))
        .hasSize(7)
        .allMatch(resource -> NEW.equals(resource.certificateId()));
    String other = cloud.actions.createBindResourceSyncTask(List.of(OTHER), false).get(0).taskId();
    assertThat(cloud.listings.allBoundResources(other, List.of(), List.of()))
        .singleElement()
        .extracting(BoundResource::instanceId)
        .isEqualTo("other.example.com");
  }

  @Test
  void the_detail_of_a_query_still_running_is_refused_by_the_listing() {
    cloud =
        CloudSandbox.start(SandboxCloudOptions.defaults().withBindTaskDelay(Duration.ofMinutes(5)));
    String taskId = cloud.actions.createBindResourceSyncTask(List.of(OLD), false).get(0).taskId();

    TencentApiException error =
        catchThrowableOfType(
            TencentApiException.class,
            () -> cloud.listings.allBoundResources(taskId, List.of(), List.of()));

    assertThat(error.code()).isEqualTo(LocalCode.INVALID_RESPONSE);
    assertThat(error.errorClass()).isEqualTo(ErrorClass.RETRYABLE);
    assertThat(error.getMessage()).contains("says Status 0");
  }

  @Test
  void a_query_of_an_unknown_certificate_is_gone() {
    cloud = CloudSandbox.start();
    TencentApiException error =
        catchThrowableOfType(
            TencentApiException.class,
            () -> cloud.actions.createBindResourceSyncTask(List.of("nope0001"), false));
    assertThat(error.errorClass()).isEqualTo(ErrorClass.GONE);
    assertThat(error.certificateId()).isEqualTo("nope0001");
  }
}
