package dev.reissued.tencent;

import static dev.reissued.tencent.CloudSandbox.NEW;
import static dev.reissued.tencent.CloudSandbox.OLD;
import static dev.reissued.tencent.CloudSandbox.moveAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.reissued.sandbox.SandboxResource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CloudPagingTest {
  private CloudSandbox cloud;

  @AfterEach
  void stop() {
    if (cloud != null) {
      cloud.close();
    }
  }

  private String query(String certificateId) {
    return cloud.actions.createBindResourceSyncTask(List.of(certificateId), false).get(0).taskId();
  }

  private TencentApiException failure(Runnable call) {
    return catchThrowableOfType(TencentApiException.class, call::run);
  }

  @Test
  void two_hundred_fifty_cdn_domains_come_in_three_pages_each_once() {
    cloud = CloudSandbox.start();
    List<SandboxResource> domains = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      domains.add(SandboxResource.cdn("cdn-" + i + ".example.com"));
    }
    cloud.sandbox.cloud().bind(NEW, domains);
    String taskId = query(NEW);
    long before = cloud.sandbox.requestsServed();

    List<BoundResource> resources = cloud.listings.allBoundResources(taskId, List.of(), List.of());

    assertThat(resources).hasSize(250).extracting(BoundResource::key).doesNotHaveDuplicates();
    assertThat(cloud.sandbox.requestsServed() - before).isEqualTo(3);
  }

  @Test
  void a_detail_claiming_2_pow_31_minus_1_resources_fails_at_the_first_page() {
    cloud = CloudSandbox.start();
    String taskId = query(OLD);
    cloud.sandbox.cloud().setRepeatedPage(Integer.MAX_VALUE);
    long before = cloud.sandbox.requestsServed();

    TencentApiException error =
        failure(() -> cloud.listings.allBoundResources(taskId, List.of(), List.of()));

    assertThat(cloud.sandbox.requestsServed() - before).isEqualTo(1);
    assertThat(error.code()).isEqualTo(LocalCode.INVALID_RESPONSE);
    assertThat(error.errorClass()).isEqualTo(ErrorClass.RETRYABLE);
    assertThat(error.requestId()).isNotBlank();
    assertThat(error.getMessage())
        .contains(
            "paging the detail of bind-resource task "
                + taskId
                + " does not add up: page 1 says TotalCount 2147483647; reissued pages through at"
                + " most 100000");
  }

  @Test
  void a_detail_that_answers_the_same_page_for_every_offset_fails_at_the_second_page() {
    cloud = CloudSandbox.start();
    String taskId = query(OLD);
    cloud.sandbox.cloud().setRepeatedPage(5000);
    long before = cloud.sandbox.requestsServed();

    TencentApiException error =
        failure(() -> cloud.listings.allBoundResources(taskId, List.of(), List.of()));

    assertThat(cloud.sandbox.requestsServed() - before).isEqualTo(2);
    assertThat(error.getMessage())
        .contains("page 2 brings nothing not seen before: the pager repeats itself");
  }

  @Test
  void a_repeated_page_whose_total_it_covers_ends_the_listing_normally() {
    cloud = CloudSandbox.start();
    String taskId = query(OLD);
    cloud.sandbox.cloud().setRepeatedPage(1);

    assertThat(cloud.listings.allBoundResources(taskId, List.of(), List.of())).hasSize(7);
  }

  @Test
  void the_details_of_a_move_task_that_repeat_themselves_fail_at_the_second_page() {
    cloud = CloudSandbox.start();
    long recordId = cloud.moveUntilCreated(moveAll(OLD, NEW)).deployRecordId();
    assertThat(cloud.listings.allUpdateRecordDetails(recordId)).hasSize(7);
    cloud.sandbox.cloud().setRepeatedPage(5000);
    long before = cloud.sandbox.requestsServed();

    TencentApiException error = failure(() -> cloud.listings.allUpdateRecordDetails(recordId));

    assertThat(cloud.sandbox.requestsServed() - before).isEqualTo(2);
    assertThat(error.getMessage())
        .contains("paging the details of move task " + recordId + " does not add up: page 2");
  }

  @Test
  void the_move_tasks_of_a_pair_that_repeat_themselves_fail_at_the_second_page() {
    cloud = CloudSandbox.start();
    cloud.moveUntilCreated(moveAll(OLD, NEW));
    cloud.sandbox.cloud().setRepeatedPage(5000);

    TencentApiException error = failure(() -> cloud.listings.allUpdateRecords(NEW, OLD));

    assertThat(error.getMessage())
        .contains("paging the move tasks of " + OLD + " -> " + NEW + " does not add up: page 2");
  }

  @Test
  void pages_that_bring_something_new_forever_stop_a_few_pages_past_what_the_total_needs() {
    cloud = CloudSandbox.start();
    for (int page = 1; page <= 10; page++) {
      cloud.sandbox.answerNext(
          "DescribeHostUpdateRecord",
          "{\"TotalCount\":150,\"DeployRecordList\":[{\"Id\":"
              + page
              + ",\"CertId\":\"new00001\",\"OldCertId\":\"old00001\"}],\"RequestId\":\"r"
              + page
              + "\"}");
    }
    long before = cloud.sandbox.requestsServed();

    TencentApiException error = failure(() -> cloud.listings.allUpdateRecords(NEW, OLD));

    assertThat(cloud.sandbox.requestsServed() - before).isEqualTo(5);
    assertThat(error.requestId()).isEqualTo("r5");
    assertThat(error.getMessage())
        .contains("5 pages read and not done, for TotalCount 150 in pages of 100 (2 needed)");
  }
}
