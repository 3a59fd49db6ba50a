package dev.reissued.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reissued.keys.MasterKey;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {
  @TempDir Path directory;
  Path masterKey;
  final Map<String, String> environment = new HashMap<>();

  @BeforeEach
  void writeMasterKey() throws IOException {
    masterKey = directory.resolve("master.key");
    Files.createFile(
        masterKey,
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(masterKey, MasterKey.generateBase64() + "\n");
    environment.put("HOME", "/home/operator");
  }

  String minimal(String extra) {
    return """
        accounts:
          - name: main
            secretId: AKIDexample
            secretKey: not-a-real-key
        keys:
          masterKeyFile: %s
        %s
        """
        .formatted(masterKey, extra);
  }

  ReissuedConfig parse(String yaml) {
    return new ConfigLoader(environment::get).parse(yaml, directory, "test.yaml");
  }

  ConfigException problemsOf(String yaml) {
    try {
      parse(yaml);
    } catch (ConfigException expected) {
      return expected;
    }
    throw new AssertionError("configuration was accepted:\n" + yaml);
  }

  @Test
  void follow_through_sections_are_read_with_defaults_and_masked_urls() {
    ReissuedConfig config =
        parse(
            minimal(
                """
                output: { dir: certs, deployHook: "systemctl reload nginx" }
                notify:
                  webhooks:
                    - { name: ops, kind: feishu, url: "https://open.feishu.cn/open-apis/bot/v2/hook/secret-token" }
                    - { name: pager, kind: generic, url: "https://pager.example/hook", events: [reissue_failed] }
                metrics: { listen: "127.0.0.1:9464" }
                logging: { format: json }
                """));

    assertThat(config.output().dir()).contains(directory.resolve("certs"));
    assertThat(config.output().hookTimeout()).isEqualTo(Duration.ofMinutes(1));
    assertThat(config.notifications().warnBefore()).isEqualTo(Duration.ofDays(14));
    assertThat(config.notifications().repeatEvery()).isEqualTo(Duration.ofHours(24));
    assertThat(config.notifications().webhooks().get(0).events())
        .hasSize(NotifyEvent.values().length);
    assertThat(config.notifications().webhooks().get(1).events())
        .containsExactly(NotifyEvent.REISSUE_FAILED);
    assertThat(config.metrics().host()).contains("127.0.0.1");
    assertThat(config.metrics().port()).isEqualTo(9464);
    assertThat(config.logging().format()).isEqualTo(LoggingConfig.Format.json);
    assertThat(ConfigPrinter.toYaml(config) + config).doesNotContain("secret-token");
  }

  @Test
  void minimal_configuration_gets_the_documented_defaults() {
    ReissuedConfig config = parse(minimal(""));

    assertThat(config.database().isEmbedded()).isTrue();
    assertThat(config.database().embeddedDataDir())
        .isEqualTo(Path.of("/home/operator/.local/share/reissued/pgdata"));
    assertThat(config.database().poolSize()).isEqualTo(5);
    assertThat(config.accounts().get(0).requestsPerSecond()).isEqualTo(10.0);
    assertThat(config.accounts().get(0).connectTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.renewal().csrType()).isEqualTo(CsrType.Upload);
    assertThat(config.renewal().validType()).isEqualTo(ValidType.DNS_AUTO);
    assertThat(config.renewal().key().toString()).isEqualTo("RSA 2048");
    assertThat(config.renewal().retry())
        .isEqualTo(new RetryPolicy(Duration.ofMinutes(1), Duration.ofHours(6), 8));
    assertThat(config.schedule())
        .isEqualTo(
            new ScheduleConfig(
                "0 0 * * * ?", "0 */10 * * * ?", "0 */5 * * * ?", "*/15 * * * * ?", true));
    assertThat(config.warnings()).isEmpty();
  }

  @ParameterizedTest(name = "{0} is a valid duration of {1} seconds")
  @CsvSource({"30d, 2592000", "12h, 43200", "90s, 90", "10m, 600", "PT10M, 600", "pt2h, 7200"})
  void durations_accept_short_and_iso_forms(String text, long seconds) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.ofSeconds(seconds));
  }

  @Test
  void durations_in_the_file_are_read_in_either_form() {
    ReissuedConfig config =
        parse(minimal("renewal: { renewBefore: P20D, retry: { initialBackoff: 90s } }"));

    assertThat(config.renewal().renewBefore()).isEqualTo(Duration.ofDays(20));
    assertThat(config.renewal().retry().initialBackoff()).isEqualTo(Duration.ofSeconds(90));
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          renewal: { renewBefore: 30x }                         | renewal.renewBefore: '30x' is not a duration
          renewal: { csrType: Uploaded }                        | renewal.csrType: 'Uploaded' is not allowed; use one of Upload, Online, Original
          renewal: { validType: EMAIL }                         | renewal.validType: 'EMAIL' is not allowed; use one of DNS_AUTO, DNS, FILE
          renewal: { key: { algorithm: RSA, parameter: 1024 } } | renewal.key.parameter: RSA key size 1024 is not allowed; use 2048, 3072 or 4096
          renewal: { key: { algorithm: ECC, parameter: secp521r1 } } | renewal.key.parameter: ECC curve secp521r1 is not allowed; use prime256v1 or secp384r1
          renewal: { key: { algorithm: DSA } }                  | renewal.key.algorithm: key algorithm 'DSA' is not supported; use RSA, ECC or SM2
          renewal: { retry: { initialBackoff: 10m, maxBackoff: 1m } } | renewal.retry.maxBackoff: 1m is shorter than initialBackoff (10m)
          renewal: { retry: { maxAttempts: 0 } }                | renewal.retry.maxAttempts: 0 is out of range; use 1 to 100
          renewal: { rules: [ { enabled: false } ] }            | renewal.rules[0].domains: is required
          renewal: { rules: [ { domains: [a.example.com], colour: red } ] } | renewal.rules[0].colour: unknown key
          renewal: { renewBefore: [30d] }                       | renewal.renewBefore: expected a single value, got a list
          schedule: { renew: "every ten minutes" }              | schedule.renew: 'every ten minutes' is not a Quartz cron expression
          schedule: { sync: "0 0 25 * * ?" }                    | schedule.sync: '0 0 25 * * ?' is not a Quartz cron expression
          schedule: { clustered: maybe }                        | schedule.clustered: expected true or false, got 'maybe'
          database: { url: "mysql://db/reissued" }              | database.url: expected a PostgreSQL JDBC URL
          database: { poolSize: many }                          | database.poolSize: expected a whole number from 2 to 100, got 'many'
          database: { poolSize: 1 }                             | database.poolSize: 1 is out of range; use 2 to 100
          database: { password: x, passwordFile: /p }           | database.password: give either password or passwordFile, not both
          database: { embedded: { dataDirectory: /x } }         | database.embedded.dataDirectory: unknown key; allowed here: dataDir, port
          database: { passwordFile: missing-password }          | database.passwordFile:
          colour: red                                           | colour: unknown key; allowed here: accounts, cloud, database, keys, logging, metrics, notify, output, renewal, schedule
          metrics: { listen: "9464" }                           | metrics.listen: '9464' is not host:port
          metrics: { listen: "127.0.0.1:99999" }                | metrics.listen: port 99999 is out of range
          logging: { format: xml }                              | logging.format: 'xml' is not allowed; use one of text, json
          notify: { warnBefore: soon }                          | notify.warnBefore: 'soon' is not a duration
          notify: { webhooks: [ { name: a, kind: teams, url: "https://x.example" } ] } | notify.webhooks[0].kind: 'teams' is not allowed; use one of generic, wecom, dingtalk, feishu, slack
          notify: { webhooks: [ { name: a, kind: slack, url: "http://hooks.example.com/x" } ] } | notify.webhooks[0].url: must be an https:// URL
          notify: { webhooks: [ { name: a, kind: slack, url: "https://x.example", events: [everything] } ] } | notify.webhooks[0].events[0]: 'everything' is not an event; use reissue_succeeded
          notify: { webhooks: [ { name: a, kind: slack } ] }    | notify.webhooks[0].url: is required (or give urlFile)
          output: { hookTimeout: 0s }                           | output.hookTimeout: 0s is out of range
          renewal: { csrType: Online, key: { algorithm: RSA, parameter: 3072 } } | renewal.key: RSA 3072 cannot be used with csrType Online
          renewal: { rules: [ { domains: [a.example.com], csrType: Online, key: { algorithm: RSA, parameter: 3072 } } ] } | renewal.rules[0].key: RSA 3072 cannot be used with csrType Online
          renewal: { csrType: Online, rules: [ { domains: [a.example.com], key: { algorithm: RSA, parameter: 3072 } } ] } | renewal.rules[0].key: RSA 3072 cannot be used with csrType Online
          renewal: { rules: [ { domains: [""], enabled: false } ] } | renewal.rules[0].domains[0]: must not be empty
          schedule: { sync: "0 0 0 1 1 ? 2020" }                | schedule.sync: '0 0 0 1 1 ? 2020' never fires again
          schedule: { track: "0 0 0 31 2 ?" }                   | schedule.track: '0 0 0 31 2 ?' never fires again
          database: { url: "jdbc:postgresql://db:port/reissued" } | database.url: port 'port' of 'jdbc:postgresql://db:port/reissued' is not a number from 1 to 65535
          database: { url: "jdbc:postgresql://db:5432/%zz" }    | database.url: 'jdbc:postgresql://db:5432/%zz' is not a URL the PostgreSQL driver accepts
          database: { url: "jdbc:postgresql://u:hunter2@db/r" } | database.url: 'jdbc:postgresql://u:<masked>@db/r' holds user:password@
          database: { embedded: { port: 70000 } }              | database.embedded.port: 70000 is out of range; use 0 to 65535
          notify: { webhooks: [ { name: a, kind: slack, url: "https:///hook" } ] } | notify.webhooks[0].url: has no host
          notify: { webhooks: [ { name: a, kind: slack, url: "https://x.example/a b" } ] } | notify.webhooks[0].url: is not a URL
          notify: { webhooks: [ { name: a, url: "https://x.example" } ] } | notify.webhooks[0].kind: is required: one of generic, wecom, dingtalk, feishu, slack
          notify: { webhooks: [ { name: a, kind: slack, url: "https://x.example" }, { name: a, kind: slack, url: "https://y.example" } ] } | notify.webhooks[1].name: 'a' is used by another webhook
          notify: { repeatEvery: 10s }                          | notify.repeatEvery: 10s is out of range; use 1m to 30d
          metrics: { listen: "*:9464" }                         | metrics.listen: '*' is not an IP address or host name
          metrics: { listen: "300.1.1.1:9464" }                 | metrics.listen: '300.1.1.1' is not an IP address or host name
          metrics: { listen: "127.0.0.1:0" }                    | metrics.listen: port 0 is out of range; use 1 to 65535
          metrics: { listen: "*:0" }                            | metrics.listen: port 0 is out of range; use 1 to 65535
          metrics: { certificateSeries: { limit: -1 } }         | metrics.certificateSeries.limit: -1 is out of range; use 0 to 10000000
          metrics: { certificateSeries: { limit: lots } }       | metrics.certificateSeries.limit: expected a whole number from 0 to 10000000, got 'lots'
          metrics: { certificateSeries: { window: soon } }      | metrics.certificateSeries.window: 'soon' is neither a duration (e.g. 60d) nor a multiple of renewBefore
          metrics: { certificateSeries: { window: 10m } }       | metrics.certificateSeries.window: 10m is out of range; use 1h to 3650d
          metrics: { certificateSeries: { window: 0x renewBefore } } | metrics.certificateSeries.window: 0.0x renewBefore is out of range
          metrics: { certificateSeries: { size: 10 } }          | metrics.certificateSeries.size: unknown key; allowed here: limit, window
          cloud: { enabled: sometimes }                         | cloud.enabled: expected true or false, got 'sometimes'
          cloud: { resourceTypes: [clb, "c d n"] }              | cloud.resourceTypes: [c d n] are not resource types
          cloud: { giveUpAfter: 10s }                           | cloud.giveUpAfter: 10s is out of range; use 1m to 30d
          cloud: { maxUpdateCalls: 0 }                          | cloud.maxUpdateCalls: 0 is out of range; use 1 to 20
          cloud: { rules: [ { enabled: false } ] }              | cloud.rules[0].domains: is required
          cloud: { colour: red }                                | cloud.colour: unknown key
          schedule: { cloud: "soon" }                           | schedule.cloud: 'soon' is not a Quartz cron expression
          """)
  void each_bad_value_is_named_by_its_key_path(String extra, String expected) {
    ConfigException problems = problemsOf(minimal(extra));

    assertThat(problems.problems())
        .anySatisfy(problem -> assertThat(problem).startsWith(expected.strip()));
  }

  @ParameterizedTest(name = "endpoint {0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          ftp://ssl.tencentcloudapi.com   | is not an http(s) URL
          http://ssl.tencentcloudapi.com  | plain http is allowed only for a loopback host
          http://10.0.0.8:8080            | plain http is allowed only for a loopback host
          http://127.0.0.1.example.com    | plain http is allowed only for a loopback host
          not a url                       | is not
          https://ssl.tencentcloudapi.com/v3          | every call is POST /
          https://ssl.tencentcloudapi.com/?Region=gz  | every call is POST /
          https://u:p@ssl.tencentcloudapi.com         | <masked>@ssl.tencentcloudapi.com
          """)
  void endpoint_must_be_https_or_loopback_http(String endpoint, String expected) {
    String yaml =
        """
        accounts:
          - name: main
            secretId: AKIDexample
            secretKey: k
            endpoint: "%s"
        keys: { masterKeyFile: %s }
        """
            .formatted(endpoint, masterKey);

    assertThat(problemsOf(yaml).problems())
        .anySatisfy(
            problem -> assertThat(problem).startsWith("accounts[0].endpoint:").contains(expected));
  }

  @Test
  void loopback_http_endpoints_are_accepted_for_the_sandbox() {
    for (String endpoint :
        new String[] {"http://127.0.0.1:8080", "http://localhost:9", "http://[::1]:8080"}) {
      String yaml =
          """
          accounts: [ { name: main, secretId: id, secretKey: k, endpoint: "%s" } ]
          keys: { masterKeyFile: %s }
          """
              .formatted(endpoint, masterKey);
      assertThat(parse(yaml).accounts().get(0).endpoint()).isEqualTo(URI.create(endpoint));
    }
  }

  @Test
  void
      certificate_series_default_to_100000_and_twice_renew_before_and_take_a_multiple_or_a_duration() {
    ReissuedConfig defaults = parse(minimal("renewal: { renewBefore: 20d }"));
    ReissuedConfig multiple =
        parse(
            minimal(
                "renewal: { renewBefore: 20d }\n"
                    + "metrics: { listen: \"127.0.0.1:9464\", certificateSeries: { limit: 500, window: 3x renewBefore } }"));
    ReissuedConfig fixed =
        parse(minimal("metrics: { certificateSeries: { limit: 0, window: 45d } }"));

    assertThat(defaults.metrics().certificateSeries().limit()).isEqualTo(100_000);
    assertThat(defaults.metrics().certificateSeries().window(defaults.renewal().renewBefore()))
        .isEqualTo(Duration.ofDays(40));
    assertThat(multiple.metrics().certificateSeries().limit()).isEqualTo(500);
    assertThat(multiple.metrics().certificateSeries().window(multiple.renewal().renewBefore()))
        .isEqualTo(Duration.ofDays(60));
    assertThat(multiple.metrics().certificateSeries().describeWindow()).isEqualTo("3x renewBefore");
    assertThat(fixed.metrics().enabled()).isFalse();
    assertThat(fixed.metrics().certificateSeries().limit()).isZero();
    assertThat(fixed.metrics().certificateSeries().window(Duration.ofDays(30)))
        .isEqualTo(Duration.ofDays(45));
  }

  @Test
  void a_metrics_listener_on_a_non_loopback_address_is_a_warning_not_an_error() {
    ReissuedConfig open = parse(minimal("metrics: { listen: \"0.0.0.0:9464\" }"));
    ReissuedConfig local = parse(minimal("metrics: { listen: \"[::1]:9464\" }"));

    assertThat(open.metrics().port()).isEqualTo(9464);
    assertThat(open.warnings())
        .singleElement()
        .asString()
        .startsWith("metrics.listen: '0.0.0.0:9464' is reachable from other hosts");
    assertThat(local.warnings()).isEmpty();
  }

  @Test
  void loopback_is_read_from_the_text_without_a_lookup() {
    assertThat(Loopback.isLoopback("127.0.0.1")).isTrue();
    assertThat(Loopback.isLoopback("127.8.9.10")).isTrue();
    assertThat(Loopback.isLoopback("LOCALHOST")).isTrue();
    assertThat(Loopback.isLoopback("[::1]")).isTrue();
    assertThat(Loopback.isLoopback("0:0:0:0:0:0:0:1")).isTrue();
    assertThat(Loopback.isLoopback("127.0.0.256")).isFalse();
    assertThat(Loopback.isLoopback("127.0.0.1.nip.io")).isFalse();
    assertThat(Loopback.isLoopback("localhost.example.com")).isFalse();
    assertThat(Loopback.isLoopback("0.0.0.0")).isFalse();
    assertThat(Loopback.isLoopback("::")).isFalse();
    assertThat(Loopback.isLoopback("")).isFalse();
  }

  @Test
  void missing_environment_variable_is_named_with_its_key() {
    String yaml =
        """
        accounts: [ { name: main, secretId: id, secretKey: "${NOT_SET_ANYWHERE}" } ]
        keys: { masterKeyFile: %s }
        """
            .formatted(masterKey);

    assertThat(problemsOf(yaml).problems())
        .contains("accounts[0].secretKey: environment variable NOT_SET_ANYWHERE is not set");
  }

  @Test
  void environment_variables_and_their_defaults_are_substituted() {
    environment.put("SECRET_ID", "AKIDfromenv");
    String yaml =
        """
        accounts: [ { name: main, secretId: "${SECRET_ID}", secretKey: k, region: "${REGION:-ap-guangzhou}" } ]
        keys: { masterKeyFile: %s }
        """
            .formatted(masterKey);

    ReissuedConfig config = parse(yaml);

    assertThat(config.accounts().get(0).secretId()).isEqualTo("AKIDfromenv");
    assertThat(config.accounts().get(0).region()).isEqualTo("ap-guangzhou");
  }

  @Test
  void double_dollar_keeps_a_literal_variable_for_the_deploy_hook() {
    ReissuedConfig config =
        parse(
            minimal(
                "output: { deployHook: 'cp \"$${REISSUED_CERT_PATH}\" /srv/$${REISSUED_DOMAIN}' }"));

    assertThat(config.output().deployHook())
        .contains("cp \"${REISSUED_CERT_PATH}\" /srv/${REISSUED_DOMAIN}");
  }

  @Test
  void yaml_syntax_error_gives_its_line() {
    String yaml = "accounts:\n  - name: main\n    secretId: [unclosed\nkeys: {}\n";

    assertThatThrownBy(() -> parse(yaml))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("line ")
        .hasMessageContaining("YAML syntax error");
  }

  @Test
  void duplicate_keys_are_a_syntax_error() {
    String yaml = minimal("renewal: { renewBefore: 30d }\nrenewal: { renewBefore: 10d }");

    assertThatThrownBy(() -> parse(yaml))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Duplicate");
  }

  @Test
  void no_accounts_is_an_error() {
    String none = "keys: { masterKeyFile: %s }\n".formatted(masterKey);
    String empty = "accounts: []\nkeys: { masterKeyFile: %s }\n".formatted(masterKey);

    assertThat(problemsOf(none).problems())
        .anySatisfy(p -> assertThat(p).startsWith("accounts: is required"));
    assertThat(problemsOf(empty).problems())
        .anySatisfy(p -> assertThat(p).startsWith("accounts: lists no account"));
  }

  @Test
  void an_empty_file_is_an_error() {
    assertThat(problemsOf("").problems()).singleElement().asString().contains("the file is empty");
  }

  @Test
  void account_problems_are_each_reported() {
    String yaml =
        """
        accounts:
          - { name: main, secretId: a, secretKey: k, requestsPerSecond: 0, timeouts: { read: 0s } }
          - { name: main, secretKey: k, secretKeyFile: f }
          - { name: "bad name", secretId: a }
        keys: { masterKeyFile: %s }
        """
            .formatted(masterKey);

    assertThat(problemsOf(yaml).problems())
        .contains(
            "accounts[0].requestsPerSecond: 0 is out of range; use more than 0 and at most 100",
            "accounts[0].timeouts.read: 0s is out of range; use 1s to 10m",
            "accounts[1].name: 'main' is used by another account; names must be unique",
            "accounts[1].secretId: is required",
            "accounts[1].secretKey: give either secretKey or secretKeyFile, not both",
            "accounts[2].secretKey: is required (or give secretKeyFile)")
        .anySatisfy(
            p -> assertThat(p).startsWith("accounts[2].name: 'bad name' is not a valid name"));
  }

  @Test
  void secret_key_can_come_from_a_file() throws IOException {
    Files.writeString(directory.resolve("secret-key"), "from-a-file\n");
    String yaml =
        """
        accounts: [ { name: main, secretId: id, secretKeyFile: secret-key } ]
        keys: { masterKeyFile: %s }
        """
            .formatted(masterKey);

    assertThat(parse(yaml).accounts().get(0).secretKey().reveal()).isEqualTo("from-a-file");
  }

  @Test
  void master_key_file_that_is_missing_is_an_error_with_the_fix() {
    String yaml =
        "accounts: [ { name: m, secretId: i, secretKey: k } ]\nkeys: { masterKeyFile: /nonexistent/master.key }\n";

    assertThat(problemsOf(yaml).problems())
        .singleElement()
        .asString()
        .startsWith("keys.masterKeyFile: /nonexistent/master.key does not exist")
        .contains("head -c 32 /dev/urandom | base64");
  }

  @Test
  void master_key_file_readable_by_others_is_an_error() throws IOException {
    Files.setPosixFilePermissions(masterKey, PosixFilePermissions.fromString("rw-r--r--"));

    assertThat(problemsOf(minimal("")).problems())
        .singleElement()
        .asString()
        .startsWith(
            "keys.masterKeyFile: " + masterKey + " is accessible by group or others (rw-r--r--)");
  }

  @Test
  void master_key_file_with_the_wrong_length_is_an_error() throws IOException {
    Files.writeString(masterKey, "c2hvcnQ=\n");

    assertThat(problemsOf(minimal("")).problems())
        .singleElement()
        .asString()
        .contains("holds 5 bytes, expected 32");
  }

  @Test
  void missing_keys_section_is_an_error() {
    String yaml = "accounts: [ { name: m, secretId: i, secretKey: k } ]\n";

    assertThat(problemsOf(yaml).problems())
        .anySatisfy(p -> assertThat(p).startsWith("keys: is required"));
  }

  @Test
  void secrets_never_print() {
    String yaml =
        """
        database: { url: "jdbc:postgresql://db:5432/r?user=r&password=hunter2", password: pw-value }
        accounts: [ { name: main, secretId: id, secretKey: key-value } ]
        keys: { masterKeyFile: %s }
        """
            .formatted(masterKey);

    ReissuedConfig config = parse(yaml);
    String printed = ConfigPrinter.toYaml(config) + config;

    assertThat(printed).doesNotContain("hunter2", "pw-value", "key-value").contains("<masked>");
  }

  @Test
  void free_certificate_key_warning_is_given_for_non_rsa_2048_defaults() {
    ReissuedConfig config = parse(minimal("renewal: { key: { algorithm: ECC } }"));

    assertThat(config.renewal().key().parameter()).isEqualTo("prime256v1");
    assertThat(config.warnings())
        .singleElement()
        .asString()
        .startsWith("renewal.key: free certificates are re-issued as RSA 2048");
  }

  @Test
  void rule_globs_match_case_insensitively_and_first_match_wins() {
    ReissuedConfig config =
        parse(
            minimal(
                """
                renewal:
                  rules:
                    - { domains: ["*.Example.COM"], csrType: Online }
                    - { domains: ["www.example.com"], enabled: false }
                """));

    assertThat(config.renewal().settingsFor("www.example.com").csrType()).isEqualTo(CsrType.Online);
    assertThat(config.renewal().settingsFor("www.example.com").enabled()).isTrue();
    assertThat(config.renewal().settingsFor("example.org").csrType()).isEqualTo(CsrType.Upload);
  }
}
