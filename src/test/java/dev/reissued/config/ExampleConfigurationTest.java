package dev.reissued.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reissued.keys.KeyAlgorithm;
import dev.reissued.testing.TestConfigs;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example configuration is accepted and states every default, and the README's table gives the
 * same defaults: all three follow the records' named constants.
 */
class ExampleConfigurationTest {
  @TempDir Path directory;
  ReissuedConfig example;

  @BeforeEach
  void loadExample() {
    Map<String, String> environment =
        Map.of(
            "HOME", "/home/operator",
            "TENCENTCLOUD_SECRET_ID", "AKIDexample",
            "TENCENTCLOUD_SECRET_KEY", "secret-key-value",
            "REISSUED_DB_PASSWORD", "db-password-value",
            "REISSUED_MASTER_KEY_FILE", TestConfigs.masterKey(directory).toString(),
            "REISSUED_WEBHOOK_URL", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k");
    example = new ConfigLoader(environment::get).load(Path.of("config/reissued.example.yaml"));
  }

  @Test
  void example_configuration_is_accepted_when_its_environment_is_set() {
    assertThat(example.accounts())
        .singleElement()
        .satisfies(
            account -> {
              assertThat(account.name()).isEqualTo("main");
              assertThat(account.secretKey().reveal()).isEqualTo("secret-key-value");
              assertThat(account.endpoint())
                  .isEqualTo(URI.create("https://ssl.tencentcloudapi.com"));
              assertThat(account.readTimeout()).isEqualTo(Duration.ofSeconds(30));
            });
    assertThat(example.database().url()).contains("jdbc:postgresql://127.0.0.1:5432/reissued");
    assertThat(example.renewal().renewBefore()).isEqualTo(Duration.ofDays(30));
    assertThat(example.renewal().rules()).hasSize(2);
    assertThat(example.renewal().settingsFor("a.shop.example.com").key().algorithm())
        .isEqualTo(KeyAlgorithm.ECC);
    assertThat(example.renewal().settingsFor("legacy.example.com").enabled()).isFalse();
    assertThat(example.renewal().settingsFor("www.example.com").ruleIndex()).isEqualTo(-1);
    assertThat(example.warnings())
        .anySatisfy(
            warning -> assertThat(warning).startsWith("renewal.rules[0].key: free certificates"));
  }

  @Test
  void the_example_configuration_states_every_default() {
    AccountConfig account = example.accounts().get(0);
    assertThat(account.endpoint()).isEqualTo(ApiEndpoint.DEFAULT);
    assertThat(account.requestsPerSecond()).isEqualTo(ApiEndpoint.DEFAULT_REQUESTS_PER_SECOND);
    assertThat(account.connectTimeout()).isEqualTo(ApiEndpoint.DEFAULT_CONNECT_TIMEOUT);
    assertThat(account.readTimeout()).isEqualTo(ApiEndpoint.DEFAULT_READ_TIMEOUT);
    assertThat(example.database().poolSize()).isEqualTo(DatabaseConfig.DEFAULT_POOL_SIZE);
    assertThat(example.database().embeddedPort()).isEqualTo(DatabaseConfig.DEFAULT_EMBEDDED_PORT);
    RenewalConfig renewal = example.renewal();
    assertThat(renewal.renewBefore()).isEqualTo(RenewalConfig.DEFAULT_RENEW_BEFORE);
    assertThat(renewal.csrType()).isEqualTo(RenewalConfig.DEFAULT_CSR_TYPE);
    assertThat(renewal.validType()).isEqualTo(RenewalConfig.DEFAULT_VALID_TYPE);
    assertThat(renewal.key()).isEqualTo(RenewalConfig.DEFAULT_KEY);
    assertThat(renewal.retry()).isEqualTo(RetryPolicy.DEFAULT);
    assertThat(example.schedule()).isEqualTo(ScheduleConfig.DEFAULT);
    assertThat(example.output().hookTimeout()).isEqualTo(OutputConfig.DEFAULT_HOOK_TIMEOUT);
    assertThat(example.notifications().warnBefore()).isEqualTo(NotifyConfig.DEFAULT_WARN_BEFORE);
    assertThat(example.notifications().repeatEvery()).isEqualTo(NotifyConfig.DEFAULT_REPEAT_EVERY);
    assertThat(example.logging().format()).isEqualTo(LoggingConfig.DEFAULT_FORMAT);
    assertThat(example.cloud()).isEqualTo(CloudConfig.DEFAULT);
  }

  @Test
  void the_readme_table_gives_the_named_defaults() throws IOException {
    String readme = Files.readString(Path.of("README.md"));

    assertThat(readme)
        .contains(
            row("database.poolSize", DatabaseConfig.DEFAULT_POOL_SIZE),
            row("accounts[].endpoint", "`" + ApiEndpoint.DEFAULT + "`"),
            row(
                "accounts[].timeouts.connect` / `.read",
                Durations.format(ApiEndpoint.DEFAULT_CONNECT_TIMEOUT)
                    + " / "
                    + Durations.format(ApiEndpoint.DEFAULT_READ_TIMEOUT)),
            row("renewal.renewBefore", Durations.format(RenewalConfig.DEFAULT_RENEW_BEFORE)),
            row("renewal.csrType", RenewalConfig.DEFAULT_CSR_TYPE),
            row("renewal.validType", RenewalConfig.DEFAULT_VALID_TYPE),
            row("renewal.key", RenewalConfig.DEFAULT_KEY),
            row(
                "renewal.retry",
                Durations.format(RetryPolicy.DEFAULT_INITIAL_BACKOFF)
                    + ", "
                    + Durations.format(RetryPolicy.DEFAULT_MAX_BACKOFF)
                    + ", "
                    + RetryPolicy.DEFAULT_MAX_ATTEMPTS),
            row("output.hookTimeout", Durations.format(OutputConfig.DEFAULT_HOOK_TIMEOUT)),
            row("notify.warnBefore", Durations.format(NotifyConfig.DEFAULT_WARN_BEFORE)),
            // Written as hours, as the example writes it; Durations.format would say 1d.
            row("notify.repeatEvery", NotifyConfig.DEFAULT_REPEAT_EVERY.toHours() + "h"),
            row("logging.format", LoggingConfig.DEFAULT_FORMAT));
  }

  /** The start of the table row for {@code key}: its key and default columns. */
  private static String row(String key, Object defaultValue) {
    return "| `" + key + "` | " + defaultValue + " |";
  }
}
