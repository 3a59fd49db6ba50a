package dev.reissued.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reissued.testing.ReissuedProcess;
import dev.reissued.testing.TestConfigs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code check-config} and the daemon apply the same rules: each bad file below, one per rule
 * family, is refused by both with exit 2 and the same key-path problem, and the daemon refuses it
 * before it opens a connection to the database. The whole table runs in this JVM; a few rows also
 * run as processes, as an operator's shell and systemd would run them.
 */
class ConfigRulesTest {
  static final Duration TIMEOUT = Duration.ofSeconds(60);

  @TempDir Path directory;

  /**
   * Where every file's {@code database.url} points: a listener that only counts connections. A
   * daemon that got as far as its database would also exit 1 ("cannot connect"), not 2.
   */
  ServerSocket database;

  final AtomicInteger connections = new AtomicInteger();

  /** One mistake: the sections it replaces in a valid file, and the problem both must report. */
  record BadFile(String rule, Map<String, String> sections, String problem) {
    @Override
    public String toString() {
      return rule;
    }
  }

  static BadFile bad(String rule, String section, String yaml, String problem) {
    return new BadFile(rule, Map.of(section, yaml), problem);
  }

  static Stream<BadFile> badFiles() {
    return Stream.of(
        bad(
            "an endpoint with a path",
            "accounts",
            "[ { name: main, secretId: id, secretKey: k, endpoint: \"https://ssl.tencentcloudapi.com/v3\" } ]",
            "accounts[0].endpoint: 'https://ssl.tencentcloudapi.com/v3' must be only scheme, host"
                + " and port"),
        bad(
            "an endpoint with a query",
            "accounts",
            "[ { name: main, secretId: id, secretKey: k, endpoint: \"https://ssl.tencentcloudapi.com/?Region=gz\" } ]",
            "accounts[0].endpoint: 'https://ssl.tencentcloudapi.com/?Region=gz' must be only"),
        bad(
            "two accounts of one name",
            "accounts",
            "[ { name: main, secretId: a, secretKey: k }, { name: main, secretId: b, secretKey: k } ]",
            "accounts[1].name: 'main' is used by another account; names must be unique"),
        bad(
            "a blank secret key, which the client refuses",
            "accounts",
            "[ { name: main, secretId: id, secretKey: \"   \" } ]",
            "accounts[0].secretKey: must not be empty"),
        bad(
            "a read timeout out of range",
            "accounts",
            "[ { name: main, secretId: id, secretKey: k, timeouts: { read: 0s } } ]",
            "accounts[0].timeouts.read: 0s is out of range; use 1s to 10m"),
        bad(
            "RSA 3072 for a key Tencent makes",
            "renewal",
            "{ csrType: Online, key: { algorithm: RSA, parameter: 3072 } }",
            "renewal.key: RSA 3072 cannot be used with csrType Online"),
        bad(
            "a rule inheriting csrType Online with its RSA 3072 key",
            "renewal",
            "{ csrType: Online, rules: [ { domains: [a.example.com], key: { algorithm: RSA, parameter: 3072 } } ] }",
            "renewal.rules[0].key: RSA 3072 cannot be used with csrType Online"),
        bad(
            "a retry whose maximum is below its start",
            "renewal",
            "{ retry: { initialBackoff: 10m, maxBackoff: 1m } }",
            "renewal.retry.maxBackoff: 1m is shorter than initialBackoff (10m)"),
        bad(
            "a cron expression Quartz cannot parse",
            "schedule",
            "{ renew: \"every ten minutes\" }",
            "schedule.renew: 'every ten minutes' is not a Quartz cron expression"),
        bad(
            "a cron expression that never fires again, which Quartz refuses to schedule",
            "schedule",
            "{ sync: \"0 0 0 1 1 ? 2020\" }",
            "schedule.sync: '0 0 0 1 1 ? 2020' never fires again"),
        bad(
            "a master key others can read",
            "keys",
            "{ masterKeyFile: open.key }",
            "keys.masterKeyFile: %s/open.key is accessible by group or others"),
        bad(
            "no master key",
            "keys",
            "",
            "keys: is required: keys.masterKeyFile names the file with the key that seals"),
        bad(
            "a database URL whose port the driver refuses",
            "database",
            "{ url: \"jdbc:postgresql://127.0.0.1:99999/reissued\" }",
            "database.url: port '99999' of 'jdbc:postgresql://127.0.0.1:99999/reissued' is not a"
                + " number from 1 to 65535"),
        bad(
            "a database URL the driver cannot decode",
            "database",
            "{ url: \"jdbc:postgresql://127.0.0.1/%zz\" }",
            "database.url: 'jdbc:postgresql://127.0.0.1/%zz' is not a URL the PostgreSQL driver"
                + " accepts"),
        bad(
            "an embedded data directory that is a file",
            "database",
            "{ embedded: { dataDir: not-a-directory } }",
            "database.embedded.dataDir: %s/not-a-directory is not a directory"),
        bad(
            "a pool too small for the scheduler and the work",
            "database",
            "{ url: \"jdbc:postgresql://127.0.0.1:1/reissued\", poolSize: 1 }",
            "database.poolSize: 1 is out of range; use 2 to 100"),
        bad(
            "an output directory that is a file",
            "output",
            "{ dir: not-a-directory/certs }",
            "output.dir: %s/not-a-directory/certs cannot be created: %s/not-a-directory is not a"
                + " directory"),
        bad(
            "a webhook URL without a host, which the sender cannot post to",
            "notify",
            "{ webhooks: [ { name: ops, kind: generic, url: \"https:///hook\" } ] }",
            "notify.webhooks[0].url: has no host"),
        bad(
            "a webhook over plain http to another host",
            "notify",
            "{ webhooks: [ { name: ops, kind: slack, url: \"http://hooks.example.com/x\" } ] }",
            "notify.webhooks[0].url: must be an https:// URL (http:// only for loopback hosts)"),
        bad(
            "two webhooks of one name",
            "notify",
            "{ webhooks: [ { name: ops, kind: generic, url: \"https://a.example/h\" },"
                + " { name: ops, kind: slack, url: \"https://b.example/h\" } ] }",
            "notify.webhooks[1].name: 'ops' is used by another webhook; names must be unique"),
        bad(
            "a metrics address the server cannot bind",
            "metrics",
            "{ listen: \"*:9464\" }",
            "metrics.listen: '*' is not an IP address or host name"),
        bad(
            "a metrics listener that is not host:port",
            "metrics",
            "{ listen: \"9464\" }",
            "metrics.listen: '9464' is not host:port"),
        bad(
            "a per-certificate series window that is no duration or multiple of renewBefore",
            "metrics",
            "{ listen: \"127.0.0.1:9464\", certificateSeries: { limit: 1000, window: soon } }",
            "metrics.certificateSeries.window: 'soon' is neither a duration"),
        bad(
            "a log format there is none of",
            "logging",
            "{ format: xml }",
            "logging.format: 'xml' is not allowed; use one of text, json"),
        bad(
            "a cloud resource type that is no word",
            "cloud",
            "{ resourceTypes: [\"c d n\"] }",
            "cloud.resourceTypes: [c d n] are not resource types"),
        bad(
            "a cloud rule without domains",
            "cloud",
            "{ rules: [ { exclude: [lb-1] } ] }",
            "cloud.rules[0].domains: is required"),
        bad(
            "a cloud move given up too soon",
            "cloud",
            "{ giveUpAfter: 5s }",
            "cloud.giveUpAfter: 5s is out of range; use 1m to 30d"),
        bad("an unknown section", "colour", "red", "colour: unknown key; allowed here:"));
  }

  /** The rows also run as processes: a few rule families, each refused before any connection. */
  static Stream<BadFile> processRows() {
    return badFiles()
        .filter(
            file ->
                file.rule().startsWith("an endpoint with")
                    || file.rule().startsWith("a cron expression that never")
                    || file.rule().startsWith("a database URL whose port")
                    || file.rule().startsWith("an output directory"));
  }

  @BeforeEach
  void prepare() throws IOException {
    TestConfigs.masterKey(directory);
    Path open = directory.resolve("open.key");
    Files.copy(directory.resolve("master.key"), open);
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
    Files.writeString(directory.resolve("not-a-directory"), "a file\n");
    database = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread watcher =
        new Thread(
            () -> {
              while (!database.isClosed()) {
                try (Socket connection = database.accept()) {
                  connections.incrementAndGet();
                } catch (IOException closed) {
                  return;
                }
              }
            },
            "database-tripwire");
    watcher.setDaemon(true);
    watcher.start();
  }

  @AfterEach
  void closeDatabase() throws IOException {
    database.close();
  }

  /** A valid file (its database a listener that only counts connections) with the mistake in. */
  Path write(BadFile bad) {
    Map<String, String> sections = new LinkedHashMap<>();
    sections.put(
        "database", "{ url: \"jdbc:postgresql://127.0.0.1:" + database.getLocalPort() + "/r\" }");
    sections.put("accounts", "[ { name: main, secretId: AKIDexample, secretKey: the-key } ]");
    sections.put("keys", "{ masterKeyFile: master.key }");
    sections.putAll(bad.sections());
    StringBuilder yaml = new StringBuilder();
    sections.forEach(
        (section, value) -> {
          if (!value.isEmpty()) {
            yaml.append(section).append(": ").append(value).append('\n');
          }
        });
    Path config = directory.resolve("reissued.yaml");
    try {
      Files.writeString(config, yaml);
    } catch (IOException failure) {
      throw new UncheckedIOException(failure);
    }
    return config;
  }

  String expected(BadFile bad) {
    return bad.problem().replace("%s", directory.toAbsolutePath().toString());
  }

  @Test
  void the_file_is_valid_without_the_mistake() {
    CliRun checked =
        CliRun.of("check-config", "-c", write(new BadFile("none", Map.of(), "")).toString());

    assertThat(checked.exitCode()).as(checked.err()).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badFiles")
  void check_config_and_the_daemon_refuse_each_bad_file_alike(BadFile bad) throws IOException {
    Path config = write(bad);

    CliRun checked = CliRun.of("check-config", "-c", config.toString());
    CliRun started = CliRun.of("run", "-c", config.toString());

    assertThat(checked.exitCode()).as(checked.err()).isEqualTo(2);
    assertThat(checked.err())
        .startsWith("configuration " + config + " is invalid:")
        .contains("\n  " + expected(bad));
    assertThat(checked.out()).isEmpty();
    assertThat(started.exitCode()).as(started.err()).isEqualTo(2);
    assertThat(started.err()).isEqualTo(checked.err());
    assertThat(started.out()).isEmpty();
    assertThat(connections).as("connections the daemon opened to the database").hasValue(0);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("processRows")
  void as_processes_check_config_and_run_refuse_the_file_alike(BadFile bad) throws IOException {
    Path config = write(bad);

    ReissuedProcess.Finished checked =
        ReissuedProcess.run(directory, TIMEOUT, "check-config", "-c", config.toString());
    ReissuedProcess.Finished started =
        ReissuedProcess.run(directory, TIMEOUT, "run", "-c", config.toString());

    for (ReissuedProcess.Finished run : new ReissuedProcess.Finished[] {checked, started}) {
      assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
      assertThat(run.err()).contains("\n  " + expected(bad));
      assertThat(run.out()).isEmpty();
    }
    assertThat(started.err()).isEqualTo(checked.err());
    assertThat(connections).as("connections the daemon opened to the database").hasValue(0);
  }
}
