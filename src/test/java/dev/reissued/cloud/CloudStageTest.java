package dev.reissued.cloud;

import static dev.reissued.cloud.CloudFixture.ALL;
import static dev.reissued.cloud.CloudFixture.CALM;
import static dev.reissued.cloud.CloudFixture.CALM_CDN;
import static dev.reissued.cloud.CloudFixture.CLB_SH;
import static dev.reissued.cloud.CloudFixture.NEW;
import static dev.reissued.cloud.CloudFixture.OLD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reissued.config.NotifyEvent;
import dev.reissued.db.PostgresExtension;
import dev.reissued.notify.Event;
import dev.reissued.sandbox.AnswerFault;
import dev.reissued.sandbox.SandboxCloudOptions;
import dev.reissued.sandbox.SandboxResource;
import dev.reissued.tencent.CloudCodes;
import dev.reissued.tencent.Settling;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cloud stage against the sandbox over real HTTP and a real PostgreSQL: resources of a renewed
 * lineage end on its newest certificate, each move is asked for a bounded number of times, and a
 * call without an answer is looked up before another is sent.
 */
class CloudStageTest {
  private static final Duration DEPLOY = Duration.ofSeconds(90);
  private static final String WEBHOOK =
      """
      notify:
        webhooks:
          - { name: ops, kind: generic, url: "http://127.0.0.1:9/hook" }
      """;

  @RegisterExtension final PostgresExtension postgres = new PostgresExtension();
  @TempDir Path directory;
  CloudFixture fixture;

  CloudFixture start(SandboxCloudOptions cloud, String yaml) {
    fixture = new CloudFixture(postgres, directory, cloud, yaml);
    return fixture;
  }

  @AfterEach
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  private List<Event> events(NotifyEvent type) {
    return fixture.events.stream().filter(event -> event.type() == type).toList();
  }

  /** The move task recorded for the move from {@code oldId}. */
  private long recordOf(String oldId) {
    return postgres
        .jdbc()
        .queryOne(
            "SELECT record_id FROM cloud_deploy WHERE old_certificate_id = ?",
            row -> row.getLong(1),
            oldId)
        .orElseThrow();
  }

  private void assertAllOnNew() {
    for (SandboxResource resource : ALL) {
      assertThat(fixture.holders().get(resource)).as(resource.describe()).isEqualTo(NEW);
    }
    assertThat(fixture.holders().get(CALM_CDN)).isEqualTo(CALM);
  }

  @Test
  void a_renewed_lineage_is_discovered_moved_and_followed_until_every_resource_holds_the_new_one() {
    start(SandboxCloudOptions.defaults().withDeployDuration(DEPLOY), "");
    CloudStage stage = fixture.stage();
    fixture.handOver(stage);

    fixture.pass(stage);
    assertThat(fixture.deployState()).isEqualTo("following");
    assertThat(fixture.holders().get(CLB_SH)).isEqualTo(OLD);
    fixture.clock.advance(DEPLOY.plusSeconds(1));
    fixture.pass(stage);

    assertAllOnNew();
    assertThat(fixture.deployState()).isEqualTo("succeeded");
    assertThat(fixture.updateCalls()).isEqualTo(1);
    assertThat(fixture.sandbox.cloud().updateCalls(CALM, NEW)).isZero();
    assertThat(fixture.sandbox.cloud().expiringNotificationSwitch(OLD)).contains(1);
    assertThat(fixture.resourceRows())
        .hasSize(ALL.size())
        .allMatch(row -> row.endsWith(NEW + " true succeeded"));
    assertThat(fixture.resourceRows()).anyMatch(row -> row.startsWith("clb ap-shanghai lb-sh01"));
    assertThat(events(NotifyEvent.CLOUD_DEPLOYED)).hasSize(1);
    assertThat(postgres.jdbc().queryOne("SELECT state FROM cloud_lineage", row -> row.getString(1)))
        .hasValue("done");
  }

  @Test
  void a_move_answered_as_being_created_is_asked_again_until_its_record_id_is_stored() {
    start(SandboxCloudOptions.defaults().withDeployPendingRate(1.0), "");
    CloudStage stage = fixture.stage();
    fixture.handOver(stage);

    fixture.pass(stage);
    fixture.pass(stage);

    assertThat(fixture.updateCalls()).isEqualTo(2);
    assertThat(fixture.recordsCreated()).isEqualTo(1);
    assertThat(fixture.deployState()).isEqualTo("succeeded");
    assertAllOnNew();
  }

  @Test
  void a_move_already_running_for_the_pair_is_adopted_and_followed() {
    start(SandboxCloudOptions.defaults().withDeployDuration(DEPLOY), "");
    fixture.actions.updateCertificateInstance(
        dev.reissued.tencent.UpdateCertificateInstanceRequest.of(
            OLD,
            NEW,
            List.of("clb", "cdn", "teo", "waf", "cos"),
            List.of(
                new dev.reissued.tencent.ResourceTypeRegions(
                    "clb", List.of("ap-guangzhou", "ap-shanghai")),
                new dev.reissued.tencent.ResourceTypeRegions("waf", List.of("ap-guangzhou")),
                new dev.reissued.tencent.ResourceTypeRegions("cos", List.of("ap-guangzhou"))),
            true));
    CloudStage stage = fixture.stage();
    fixture.handOver(stage);

    fixture.pass(stage);
    fixture.clock.advance(DEPLOY.plusSeconds(1));
    fixture.pass(stage);

    assertThat(
            postgres.jdbc().queryOne("SELECT adopted FROM cloud_deploy", row -> row.getBoolean(1)))
        .hasValue(true);
    assertThat(fixture.recordsCreated()).isEqualTo(1);
    assertAllOnNew();
  }

  /**
   * The invariant: an UpdateCertificateInstance whose answer was lost is looked up with
   * DescribeHostUpdateRecord before another is sent. Every resource fails its first attempt, so a
   * second UpdateCertificateInstance would find them all still on the old certificate and create a
   * second task; the lookup finds the first and retries its failed resources instead.
   */
  @Test
  void a_move_whose_answer_was_lost_is_looked_up_and_never_created_twice() {
    start(SandboxCloudOptions.defaults().withDeployFailRate(1.0), "");
    CloudStage stage = fixture.stage();
    fixture.handOver(stage);
    fixture.sandbox.setAnswerFault(AnswerFault.LOST, 1.0);

    fixture.pass(stage);
    assertThat(fixture.deployState()).isEqualTo("sending");
    fixture.sandbox.setAnswerFault(AnswerFault.LOST, 0.0);
    for (int pass = 0; pass < 4; pass++) {
      fixture.pass(stage);
      fixture.clock.advance(Duration.ofMinutes(5));
    }

    assertThat(fixture.recordsCreated()).isEqualTo(1);
    assertThat(fixture.updateCalls()).isEqualTo(1);
    assertThat(fixture.deployState()).isEqualTo("succeeded");
    assertAllOnNew();
  }

  @Test
  void a_process_that_dies_before_the_answer_or_after_storing_the_task_is_resumed_by_the_next() {
    start(SandboxCloudOptions.defaults().withDeployDuration(DEPLOY), "");
    CloudStage dying =
        fixture.stage(
            (name, deploy) -> {
              if (name.equals("sending")) {
                throw new IllegalStateException("killed before the request left");
              }
            });
    fixture.handOver(dying);
    try {
      fixture.pass(dying);
    } catch (IllegalStateException killed) {
      // the process is gone; its move is left in 'sending' with the call counted
    }
    assertThat(fixture.deployState()).isEqualTo("sending");

    // Within the settling period the dead process's call could still be in flight: left alone.
    fixture.pass(fixture.stage());
    assertThat(fixture.deployState()).isEqualTo("sending");
    assertThat(fixture.updateCalls()).isZero();
    fixture.clock.advance(Settling.period(fixture.account()).plusSeconds(1));
    fixture.pass(fixture.stage());
    assertThat(fixture.deployState()).isEqualTo("following");
    fixture.clock.advance(DEPLOY.plusSeconds(1));
    fixture.pass(fixture.stage());

    assertThat(fixture.recordsCreated()).isEqualTo(1);
    assertThat(fixture.updateCalls()).isEqualTo(1);
    assertAllOnNew();
  }

  @Test
  void a_second_pass_leaves_a_move_whose_call_is_in_flight_in_another_pass_alone() {
    start(SandboxCloudOptions.defaults().withDeployDuration(DEPLOY), "");
    int[] sentByTheSecond = {-1};
    // The first pass has committed 'sending' and its call has not left yet when the second pass
    // (another process, or `reissued cloud deploy` beside the daemon) reads the move.
    CloudStage first =
        fixture.stage(
            (name, deploy) -> {
              if (name.equals("sending") && sentByTheSecond[0] < 0) {
                fixture.pass(fixture.stage());
                sentByTheSecond[0] = fixture.updateCalls();
              }
            });
    fixture.handOver(first);

    fixture.pass(first);

    assertThat(sentByTheSecond[0]).as("calls the second pass made").isZero();
    assertThat(fixture.updateCalls()).isEqualTo(1);
    assertThat(fixture.recordsCreated()).isEqualTo(1);
    assertThat(fixture.deployState()).isEqualTo("following");
  }

  @Test
  void a_deploy_while_a_rollback_still_runs_is_refused_and_sent_again_once_it_ended()
      throws Exception {
    start(SandboxCloudOptions.defaults().withDeployDuration(DEPLOY), "");
    CloudStage stage = fixture.stage();
    fixture.handOver(stage);
    fixture.pass(stage);
    fixture.clock.advance(DEPLOY.plusSeconds(1));
    fixture.pass(stage);
    assertThat(fixture.deployState()).isEqualTo("succeeded");
    long record = recordOf(OLD);
    stage.rollback(fixture.actions, record);

    assertThatThrownBy(() -> stage.deploy(fixture.account(), fixture.actions, NEW))
        .isInstanceOf(CloudException.class)
        .hasMessageContaining("is being rolled back")
        .hasMessageContaining("still running");
    assertThat(fixture.updateCalls()).isEqualTo(1);

    fixture.clock.advance(DEPLOY.plusSeconds(1));
    stage.deploy(fixture.account(), fixture.actions, NEW);
    fixture.clock.advance(DEPLOY.plusSeconds(1));
    fixture.pass(stage);

    assertThat(fixture.updateCalls()).isEqualTo(2);
    assertThat(fixture.deployState()).isEqualTo("succeeded");
    assertAllOnNew();

    // A second rollback of the pair is recorded and followed like the first.
    long second = recordOf(OLD);
    stage.rollback(fixture.actions, second);
    assertThat(
            postgres
                .jdbc()
                .queryOne(
                    "SELECT state || ' ' || (finished_at IS NULL) FROM cloud_deploy"
                        + " WHERE old_certificate_id = ?",
                    row -> row.getString(1),
                    NEW))
        .as("the reverse move, open again and not finished")
        .hasValue("following true");
    fixture.clock.advance(DEPLOY.plusSeconds(1));
    fixture.pass(stage);
    assertThat(
            postgres
                .jdbc()
                .queryOne(
                    "SELECT state FROM cloud_deploy WHERE old_certificate_id = ?",
                    row -> row.getString(1),
                    NEW))
        .hasValue("succeeded");
    for (SandboxResource resource : ALL) {
      assertThat(fixture.holders().get(resource)).as(resource.describe()).isEqualTo(OLD);
    }
  }

  @Test
  void resources_that_fail_are_retried_on_the_backoff_and_end_on_the_new_certificate() {
    start(SandboxCloudOptions.defaults().withDeployFailRate(1.0), "");
    CloudStage stage = fixture.stage();
    fixture.handOver(stage);

    fixture.pass(stage);
    fixture.pass(stage);
    assertThat(fixture.holders().get(CLB_SH)).isEqualTo(OLD);
    assertThat(fixture.resourceRows()).allMatch(row -> row.endsWith(OLD + " false failed"));
    fixture.clock.advance(Duration.ofMinutes(1));
    fixture.pass(stage);
    fixture.pass(stage);

    assertAllOnNew();
    assertThat(fixture.recordsCreated()).isEqualTo(1);
    assertThat(
            postgres
                .jdbc()
                .query("SELECT DISTINCT attempts FROM cloud_resource", row -> row.getInt(1)))
        .containsExactly(2);
    assertThat(events(NotifyEvent.CLOUD_DEPLOY_FAILED)).isEmpty();
  }

  @Test
  void resources_still_failed_when_attempts_run_out_are_named_in_cloud_deploy_failed() {
    start(
        SandboxCloudOptions.defaults().withDeployFailRate(1.0),
        "renewal: { retry: { maxAttempts: 1 } }");
    CloudStage stage = fixture.stage();
    fixture.handOver(stage);

    fixture.pass(stage);
    fixture.pass(stage);

    assertThat(fixture.deployState()).isEqualTo("failed");
    List<Event> failed = events(NotifyEvent.CLOUD_DEPLOY_FAILED);
    assertThat(failed).hasSize(1);
    assertThat(failed.get(0).details().get("resources"))
        .contains("CLB ap-shanghai lb-sh01/lbl-sh443", "sandbox fault");
    assertThat(fixture.holders().get(CLB_SH)).isEqualTo(OLD);
  }

  @Test
  void deploy_instance_empty_on_a_first_try_is_recorded_as_nothing_bound() {
    start(SandboxCloudOptions.defaults(), "");
    CloudStage stage = fixture.stage();
    fixture.handOver(stage);
    fixture.sandbox.refuseNext(
        "UpdateCertificateInstance", CloudCodes.DEPLOY_INSTANCE_EMPTY, "nothing holds it");

    fixture.pass(stage);

    assertThat(fixture.deployState()).isEqualTo("nothing_bound");
    assertThat(fixture.updateCalls()).isEqualTo(1);
  }

  @Test
  void deploy_instance_empty_after_an_earlier_call_means_the_move_is_done() {
    start(SandboxCloudOptions.defaults(), "");
    CloudStage stage = fixture.stage();
    fixture.handOver(stage);
    fixture.sandbox.refuseNext("UpdateCertificateInstance", "InternalError", "no answer");
    fixture.pass(stage);
    assertThat(fixture.deployState()).isEqualTo("sending");
    fixture.sandbox.refuseNext(
        "UpdateCertificateInstance", CloudCodes.DEPLOY_INSTANCE_EMPTY, "nothing holds it");
    fixture.clock.advance(Settling.period(fixture.account()).plusSeconds(1));

    fixture.pass(stage);

    assertThat(fixture.deployState()).isEqualTo("succeeded");
    assertThat(fixture.resourceRows()).allMatch(row -> row.contains(NEW + " true"));
  }

  @Test
  void an_excluded_instance_and_the_rest_of_its_type_in_its_region_are_left_alone() {
    start(SandboxCloudOptions.defaults(), "cloud: { exclude: [lb-sh01] }");
    CloudStage stage = fixture.stage();
    fixture.handOver(stage);

    fixture.pass(stage);

    assertThat(fixture.holders().get(CLB_SH)).isEqualTo(OLD);
    for (SandboxResource resource : ALL) {
      if (!resource.equals(CLB_SH)) {
        assertThat(fixture.holders().get(resource)).as(resource.describe()).isEqualTo(NEW);
      }
    }
    assertThat(fixture.resourceRows())
        .contains("clb ap-shanghai lb-sh01 " + OLD + " false excluded");
  }

  @Test
  void a_missing_service_role_is_reported_once_with_the_fix_and_costs_no_call_budget() {
    start(SandboxCloudOptions.defaults().withServiceRole(false), WEBHOOK);
    CloudStage stage = fixture.stage();
    fixture.handOver(stage);

    fixture.pass(stage);
    fixture.pass(stage);

    assertThat(
            postgres
                .jdbc()
                .queryOne(
                    "SELECT count(*) FROM notification WHERE event_type = 'cloud_role_missing'",
                    row -> row.getLong(1)))
        .hasValue(1L);
    assertThat(events(NotifyEvent.CLOUD_ROLE_MISSING).get(0).details().get("fix"))
        .isEqualTo(CloudCodes.SERVICE_ROLE_FIX);
    assertThat(fixture.updateCalls()).isEqualTo(2);
    assertThat(
            postgres.jdbc().queryOne("SELECT update_calls FROM cloud_deploy", row -> row.getInt(1)))
        .hasValue(0);
    assertThat(fixture.holders().get(CLB_SH)).isEqualTo(OLD);
  }

  @Test
  void a_certificate_nobody_renewed_keeps_its_resources_even_when_its_lineage_is_asked_about() {
    start(SandboxCloudOptions.defaults(), "");
    CloudStage stage = fixture.stage();

    fixture.pass(stage);

    assertThat(fixture.holders().get(CLB_SH)).isEqualTo(OLD);
    assertThat(fixture.holders().get(CALM_CDN)).isEqualTo(CALM);
    assertThat(fixture.updateCalls()).isZero();
  }

  @Test
  void a_move_task_that_never_finishes_is_given_up_after_give_up_after_with_an_event() {
    start(
        SandboxCloudOptions.defaults().withDeployDuration(Duration.ofHours(2)),
        "cloud: { giveUpAfter: 10m }");
    CloudStage stage = fixture.stage();
    fixture.handOver(stage);

    fixture.pass(stage);
    fixture.clock.advance(Duration.ofMinutes(5));
    fixture.pass(stage);
    assertThat(fixture.deployState()).isEqualTo("following");
    fixture.clock.advance(Duration.ofMinutes(6));
    fixture.pass(stage);
    fixture.pass(stage);

    assertThat(fixture.deployState()).isEqualTo("given_up");
    List<Event> failed = events(NotifyEvent.CLOUD_DEPLOY_FAILED);
    assertThat(failed).hasSize(1);
    assertThat(failed.get(0).summary()).contains("did not finish within");
    assertThat(fixture.updateCalls()).isEqualTo(1);
  }
}
