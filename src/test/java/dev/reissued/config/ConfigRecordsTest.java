package dev.reissued.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.reissued.config.ConfigException.Complaint;
import dev.reissued.testing.TestConfigs;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The records validate themselves, in code as from a file; the loader only says where. */
class ConfigRecordsTest {
  @TempDir Path directory;
  Path masterKey;
  final Map<String, String> environment = new HashMap<>(Map.of("HOME", "/home/operator"));

  @BeforeEach
  void writeMasterKey() {
    masterKey = TestConfigs.masterKey(directory);
  }

  List<String> problemsOf(String yaml) {
    ConfigException refused =
        catchThrowableOfType(
            () -> new ConfigLoader(environment::get).parse(yaml, directory, "test.yaml"),
            ConfigException.class);
    assertThat(refused).as("configuration was accepted:\n" + yaml).isNotNull();
    return refused.problems();
  }

  String withKey(String yaml) {
    return yaml + "\nkeys: { masterKeyFile: " + masterKey + " }\n";
  }

  @Test
  void a_record_built_in_code_names_every_field_it_refuses() {
    ConfigException.Invalid refused =
        catchThrowableOfType(
            () ->
                new AccountConfig(
                    "bad name",
                    " ",
                    Secret.of(" "),
                    URI.create("https://ssl.tencentcloudapi.com/v3"),
                    null,
                    0,
                    Duration.ZERO,
                    Duration.ofHours(1)),
            ConfigException.Invalid.class);

    assertThat(refused.complaints())
        .extracting(Complaint::field)
        .containsExactly(
            "name",
            "secretId",
            "secretKey",
            "endpoint",
            "requestsPerSecond",
            "timeouts.connect",
            "timeouts.read");
    assertThat(refused)
        .hasMessageStartingWith("configuration AccountConfig is invalid:")
        .hasMessageContaining("timeouts.read: 1h is out of range; use 1s to 10m");
  }

  @Test
  void a_cross_field_rule_lives_in_the_record_that_owns_both_fields() {
    var rsa3072 = dev.reissued.keys.KeySpec.of("RSA", "3072");
    RenewalRule inherits =
        new RenewalRule(
            List.of("a.example.com"),
            Optional.empty(),
            Optional.empty(),
            Optional.of(rsa3072),
            Optional.empty());

    ConfigException.Invalid refused =
        catchThrowableOfType(
            () ->
                new RenewalConfig(
                    RenewalConfig.DEFAULT_RENEW_BEFORE,
                    CsrType.Online,
                    RenewalConfig.DEFAULT_VALID_TYPE,
                    RenewalConfig.DEFAULT_KEY,
                    RetryPolicy.DEFAULT,
                    List.of(inherits)),
            ConfigException.Invalid.class);

    assertThat(refused.complaints())
        .singleElement()
        .satisfies(complaint -> assertThat(complaint.field()).isEqualTo("rules[0].key"));
  }

  @Test
  void every_problem_of_a_file_is_reported_at_once_even_beside_a_broken_rule() {
    String yaml =
        withKey(
            """
            accounts: [ { name: main, secretId: id, secretKey: k }, { name: main } ]
            renewal:
              renewBefore: 400d
              rules: [ { enabled: false }, { domains: [a.example.com], csrType: Online } ]
            schedule: { renew: "0 0 0 1 1 ? 2020" }
            output: { hookTimeout: 2h }
            """);

    assertThat(problemsOf(yaml))
        .containsExactlyInAnyOrder(
            "accounts[1].name: 'main' is used by another account; names must be unique",
            "accounts[1].secretId: is required",
            "accounts[1].secretKey: is required (or give secretKeyFile)",
            "renewal.renewBefore: 400d is out of range; use 1h to 365d",
            "renewal.rules[0].domains: is required: list the domain globs this rule applies to",
            "schedule.renew: '0 0 0 1 1 ? 2020' never fires again: no time from now on matches it",
            "output.hookTimeout: 2h is out of range; use 1s to 1h");
  }

  @Test
  void a_value_that_cannot_be_read_is_not_reported_again_as_missing() {
    String yaml =
        withKey(
            """
            accounts: [ { name: main, secretId: id, secretKey: "${NOT_SET}" } ]
            notify: { webhooks: [ { name: ops, kind: teams, url: "https://x.example" } ] }
            """);

    assertThat(problemsOf(yaml))
        .containsExactly(
            "accounts[0].secretKey: environment variable NOT_SET is not set",
            "notify.webhooks[0].kind: 'teams' is not allowed; use one of generic, wecom, dingtalk,"
                + " feishu, slack");
  }

  @Test
  void a_complaint_about_a_secret_read_from_a_file_names_the_file_key() throws IOException {
    Files.writeString(directory.resolve("webhook-url"), "http://hooks.example.com/token\n");
    String yaml =
        withKey(
            """
            accounts: [ { name: main, secretId: id, secretKey: k } ]
            notify: { webhooks: [ { name: ops, kind: generic, urlFile: webhook-url } ] }
            """);

    assertThat(problemsOf(yaml))
        .containsExactly(
            "notify.webhooks[0].urlFile: must be an https:// URL (http:// only for loopback hosts)");
  }

  @Test
  void an_output_dir_or_embedded_data_dir_that_is_a_file_is_refused() throws IOException {
    Path file = Files.writeString(directory.resolve("file"), "x");
    String yaml =
        withKey(
            """
            accounts: [ { name: main, secretId: id, secretKey: k } ]
            database: { embedded: { dataDir: file } }
            output: { dir: file }
            """);

    assertThat(problemsOf(yaml))
        .containsExactly(
            "database.embedded.dataDir: " + file + " is not a directory",
            "output.dir: " + file + " is not a directory");
  }

  @Test
  void the_embedded_data_dir_is_not_judged_when_a_url_is_given() throws IOException {
    Files.writeString(directory.resolve("file"), "x");
    String yaml =
        withKey(
            """
            accounts: [ { name: main, secretId: id, secretKey: k } ]
            database: { url: "jdbc:postgresql://127.0.0.1:5432/r", embedded: { dataDir: file } }
            output: { dir: not-yet/certs }
            """);

    ReissuedConfig config = new ConfigLoader(environment::get).parse(yaml, directory, "test.yaml");

    assertThat(config.output().dir()).contains(directory.resolve("not-yet/certs"));
  }
}
