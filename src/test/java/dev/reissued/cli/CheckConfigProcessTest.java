package dev.reissued.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reissued.testing.ReissuedProcess;
import dev.reissued.testing.TestConfigs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check-config} as an operator's shell runs it: a process of its own whose stdout is read
 * after it exits, so output a command printed without flushing would be missing here. What it
 * refuses, the daemon refuses alike: {@link ConfigRulesTest}.
 */
class CheckConfigProcessTest {
  static final Duration TIMEOUT = Duration.ofSeconds(60);
  @TempDir Path directory;

  @BeforeEach
  void writeMasterKey() {
    TestConfigs.masterKey(directory);
  }

  Path config(String endpoint, String extra) throws IOException {
    Path config = directory.resolve("reissued.yaml");
    Files.writeString(
        config,
        """
        database:
          url: "jdbc:postgresql://127.0.0.1:1/reissued?password=url-secret"
          username: reissued
          password: db-secret-password
        accounts:
          - name: main
            secretId: AKIDexample
            secretKey: the-tencent-secret-key
            endpoint: "%s"
        keys: { masterKeyFile: master.key }
        notify:
          webhooks: [ { name: ops, kind: generic, url: "https://hooks.example.com/the-webhook-token" } ]
        %s
        """
            .formatted(endpoint, extra));
    return config;
  }

  @Test
  void check_config_prints_the_configuration_with_defaults_and_no_secret_on_stdout()
      throws IOException {
    Path config = config("https://ssl.tencentcloudapi.com", "");

    ReissuedProcess.Finished run =
        ReissuedProcess.run(directory, TIMEOUT, "check-config", "-c", config.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains(
            "secretKey: <masked>",
            "password: <masked>",
            "url: <masked>",
            "renewBefore: 30d",
            "csrType: Upload",
            "connect: 5s",
            "read: 30s",
            "requestsPerSecond: 10",
            "endpoint: https://ssl.tencentcloudapi.com");
    assertThat(run.err()).contains("configuration " + config + " is valid");
    assertThat(run.out() + run.err())
        .doesNotContain(
            "the-tencent-secret-key", "db-secret-password", "url-secret", "the-webhook-token");
  }

  @Test
  void check_config_warns_on_stderr_when_metrics_listen_on_every_address() throws IOException {
    Path config = config("https://ssl.tencentcloudapi.com", "metrics: { listen: 0.0.0.0:9464 }");

    ReissuedProcess.Finished run =
        ReissuedProcess.run(directory, TIMEOUT, "check-config", "-c", config.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err())
        .contains("warning: metrics.listen: '0.0.0.0:9464' is reachable from other hosts");
    assertThat(run.out()).contains("listen: 0.0.0.0:9464").doesNotContain("warning");
  }
}
