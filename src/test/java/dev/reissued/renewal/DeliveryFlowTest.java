package dev.reissued.renewal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reissued.config.NotifyEvent;
import dev.reissued.db.PostgresExtension;
import dev.reissued.deliver.CertificateArchive;
import dev.reissued.deliver.IssuedCertificate;
import dev.reissued.keys.KeyPairs;
import dev.reissued.keys.KeySpec;
import dev.reissued.keys.MasterKey;
import dev.reissued.keys.OpenSsl;
import dev.reissued.keys.Pem;
import dev.reissued.keys.SealedBox;
import dev.reissued.keys.Sealer;
import dev.reissued.notify.Event;
import dev.reissued.sandbox.ArchiveFault;
import dev.reissued.sandbox.KeyMaterial;
import dev.reissued.sandbox.SandboxCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.sql.ResultSetMetaData;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6's "download and deploy", end to end: TestProcess.renew re-issues against the sandbox over
 * HTTP, track sees the new certificate issued and delivers it into PostgreSQL, output.dir and the
 * deploy hook.
 */
class DeliveryFlowTest {
  @RegisterExtension final PostgresExtension postgres = new PostgresExtension();
  @TempDir Path directory;
  RenewalFixture fixture;
  TestProcess engine;
  final List<Event> events = Collections.synchronizedList(new ArrayList<>());

  /** A hook that records each run's REISSUED_* environment, then runs {@code then}. */
  String hook(String then) throws Exception {
    Path script = directory.resolve("hook.sh");
    Files.writeString(
        script,
        """
        #!/bin/sh
        env | grep '^REISSUED_' | sort > "%1$s/hook-env.txt"
        echo "$REISSUED_CERTIFICATE_ID" >> "%1$s/hook-runs.txt"
        %2$s
        """
            .formatted(directory, then));
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return script.toString();
  }

  void start(List<SandboxCertificate> inventory, String extraConfig) {
    fixture = new RenewalFixture(postgres, directory, inventory, extraConfig);
    fixture.sync();
    engine = fixture.engine(events::add);
  }

  String output(String csrType, String hook, String timeout) {
    return """
    renewal: { csrType: %s }
    output:
      dir: %s
      deployHook: "%s"
      hookTimeout: %s
    """
        .formatted(csrType, directory.resolve("certs"), hook, timeout);
  }

  @AfterEach
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  void renew() {
    engine.renew(fixture.config.accounts().get(0), fixture.client);
  }

  TestProcess.Tracked track() {
    return engine.track(fixture.config.accounts().get(0), fixture.client);
  }

  String newId(String oldId) {
    return fixture.sandbox.certificate(oldId).orElseThrow().replacedFor();
  }

  Map<String, Object> delivery(String oldId) {
    return postgres
        .jdbc()
        .queryOne(
            "SELECT * FROM v_deliveries WHERE old_certificate_id = ?",
            row -> {
              ResultSetMetaData meta = row.getMetaData();
              Map<String, Object> columns = new LinkedHashMap<>();
              for (int index = 1; index <= meta.getColumnCount(); index++) {
                columns.put(meta.getColumnName(index), row.getObject(index));
              }
              return columns;
            },
            oldId)
        .orElseThrow();
  }

  List<Event> deployFailures() {
    synchronized (events) {
      return events.stream().filter(event -> event.type() == NotifyEvent.DEPLOY_FAILED).toList();
    }
  }

  List<String> hookRuns() throws Exception {
    Path runs = directory.resolve("hook-runs.txt");
    return Files.exists(runs) ? Files.readAllLines(runs) : List.of();
  }

  Map<String, String> hookEnvironment() throws Exception {
    Map<String, String> environment = new LinkedHashMap<>();
    for (String line : Files.readAllLines(directory.resolve("hook-env.txt"))) {
      environment.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
    }
    return environment;
  }

  static String mode(Path file) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
  }

  /**
   * openssl verifies the chain to the sandbox's root, and the key's public half is the
   * certificate's.
   */
  void assertOpenSslAccepts(Path domainDirectory, boolean withKey) throws Exception {
    OpenSsl.assumeAvailable();
    Path ca = directory.resolve("sandbox-ca.pem");
    Files.writeString(ca, fixture.sandbox.caCertificatePem());
    OpenSsl.Result verified =
        OpenSsl.run(
            domainDirectory,
            "verify",
            "-CAfile",
            ca.toString(),
            "-untrusted",
            "chain.pem",
            "cert.pem");
    assertThat(verified.exitCode()).as(verified.output()).isZero();
    assertThat(verified.output()).contains("cert.pem: OK");
    OpenSsl.Result full =
        OpenSsl.run(
            domainDirectory,
            "verify",
            "-CAfile",
            ca.toString(),
            "-untrusted",
            "fullchain.pem",
            "fullchain.pem");
    assertThat(full.exitCode()).as(full.output()).isZero();
    if (withKey) {
      OpenSsl.Result certificateKey =
          OpenSsl.run(domainDirectory, "x509", "-in", "cert.pem", "-noout", "-pubkey");
      OpenSsl.Result privateKey =
          OpenSsl.run(domainDirectory, "pkey", "-in", "privkey.pem", "-pubout");
      assertThat(certificateKey.exitCode()).isZero();
      assertThat(privateKey.exitCode()).as(privateKey.output()).isZero();
      assertThat(privateKey.output())
          .isEqualTo(certificateKey.output())
          .contains("BEGIN PUBLIC KEY");
    }
  }

  @Test
  void upload_certificate_is_delivered_written_verified_by_openssl_and_its_hook_runs_once()
      throws Exception {
    start(
        List.of(RenewalFixture.free("FreeUp01", "up.example.com", 10)),
        output("Upload", hook(""), "10s"));

    renew();
    TestProcess.Tracked first = track();
    TestProcess.Tracked second = track();

    String newId = newId("FreeUp01");
    Map<String, Object> row = delivery("FreeUp01");
    assertThat(first.issued()).isEqualTo(1);
    assertThat(first.delivery().delivered()).isEqualTo(1);
    assertThat(first.delivery().hooksSucceeded()).isEqualTo(1);
    assertThat(second.delivery())
        .isEqualTo(new dev.reissued.deliver.Delivery.Result(0, 0, 0, 0, 0));
    assertThat(row)
        .containsEntry("certificate_id", newId)
        .containsEntry("domain", "up.example.com")
        .containsEntry("state", "delivered")
        .containsEntry("key_source", "local")
        .containsEntry("files_status", "written")
        .containsEntry("hook_status", "succeeded")
        .containsEntry("hook_attempts", 1)
        .containsEntry("hook_exit_status", 0)
        .containsEntry("hook_result", "exit 0")
        .containsEntry("attempts", 1);
    assertThat(row.get("delivered_at")).isNotNull();
    assertThat(row.get("hook_succeeded_at")).isNotNull();
    assertThat((String) row.get("certificate_pem")).startsWith("-----BEGIN CERTIFICATE-----");
    assertThat((String) row.get("fingerprint_sha256")).hasSize(64);
    assertThat(
            postgres
                .jdbc()
                .queryOne(
                    "SELECT delivered_at IS NOT NULL AND hook_status = 'succeeded' FROM v_reissues",
                    result -> result.getBoolean(1)))
        .contains(true);

    Path domain = directory.resolve("certs").resolve("up.example.com");
    assertThat(mode(domain.resolve("privkey.pem"))).isEqualTo("rw-------");
    assertThat(mode(domain.resolve("cert.pem"))).isEqualTo("rw-r--r--");
    assertThat(mode(domain.resolve("chain.pem"))).isEqualTo("rw-r--r--");
    assertThat(mode(domain.resolve("fullchain.pem"))).isEqualTo("rw-r--r--");
    assertThat(Files.readString(domain.resolve("cert.pem"))).isEqualTo(row.get("certificate_pem"));
    assertThat(Files.readString(domain.resolve("chain.pem")))
        .isEqualTo(fixture.sandbox.intermediateCertificatePem().replace("\r", ""));
    assertOpenSslAccepts(domain, true);

    assertThat(hookRuns()).containsExactly(newId);
    assertThat(hookEnvironment())
        .containsEntry("REISSUED_DOMAIN", "up.example.com")
        .containsEntry("REISSUED_CERTIFICATE_ID", newId)
        .containsEntry("REISSUED_OLD_CERTIFICATE_ID", "FreeUp01")
        .containsEntry("REISSUED_CERT_PATH", domain.resolve("cert.pem").toString())
        .containsEntry("REISSUED_CHAIN_PATH", domain.resolve("chain.pem").toString())
        .containsEntry("REISSUED_FULLCHAIN_PATH", domain.resolve("fullchain.pem").toString())
        .containsEntry("REISSUED_KEY_PATH", domain.resolve("privkey.pem").toString())
        .containsEntry("REISSUED_KEY_SOURCE", "local")
        .containsEntry("REISSUED_ACCOUNT", "main")
        .containsKey("REISSUED_NOT_AFTER");
    assertThat(deployFailures()).isEmpty();
  }

  @Test
  void online_certificate_gets_the_key_tencent_made_opened_with_the_sealed_password_and_sealed()
      throws Exception {
    start(
        List.of(RenewalFixture.free("FreeOn01", "online.example.com", 10)),
        output("Online", hook(""), "10s"));

    renew();
    track();

    Map<String, Object> row = delivery("FreeOn01");
    assertThat(row).containsEntry("key_source", "tencent").containsEntry("state", "delivered");
    long reissueId = (Long) row.get("reissue_id");
    SealedBox sealed =
        new SealedSecrets(postgres.jdbc()).sealed(reissueId, SealedBox.PRIVATE_KEY).orElseThrow();
    Sealer sealer = new Sealer(MasterKey.read(fixture.config.keys().masterKeyFile()));
    byte[] key = sealer.open(sealed, SealedBox.rowBinding(reissueId, SealedBox.PRIVATE_KEY));
    Path domain = directory.resolve("certs").resolve("online.example.com");
    assertThat(Pem.parsePrivateKey(Files.readString(domain.resolve("privkey.pem"))).getEncoded())
        .isEqualTo(key);
    assertThat(mode(domain.resolve("privkey.pem"))).isEqualTo("rw-------");
    assertOpenSslAccepts(domain, true);
    assertThat(hookEnvironment())
        .containsEntry("REISSUED_KEY_PATH", domain.resolve("privkey.pem").toString());
    assertThat(hookRuns()).hasSize(1);
  }

  @Test
  void original_certificate_is_deployed_without_a_key_and_says_so() throws Exception {
    start(
        List.of(RenewalFixture.free("FreeOr01", "original.example.com", 10)),
        output("Original", hook(""), "10s"));

    renew();
    track();

    Map<String, Object> row = delivery("FreeOr01");
    assertThat(row)
        .containsEntry("key_source", "none")
        .containsEntry("state", "delivered")
        .containsEntry("hook_status", "succeeded");
    assertThat((String) row.get("note")).contains("no private key").contains("CsrType Original");
    Path domain = directory.resolve("certs").resolve("original.example.com");
    assertThat(domain.resolve("privkey.pem")).doesNotExist();
    assertOpenSslAccepts(domain, false);
    assertThat(hookEnvironment())
        .containsEntry("REISSUED_KEY_PATH", "")
        .containsEntry("REISSUED_KEY_SOURCE", "none");
    assertThat(
            postgres
                .jdbc()
                .queryOne("SELECT count(*) FROM sealed_secret", result -> result.getInt(1)))
        .contains(0);
  }

  @Test
  void original_certificate_deploys_with_the_key_an_operator_placed_in_its_directory()
      throws Exception {
    KeyPair original = KeyPairs.generate(KeySpec.RSA_2048);
    String publicKeyPem =
        "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(original.getPublic().getEncoded())
            + "\n-----END PUBLIC KEY-----\n";
    SandboxCertificate certificate =
        RenewalFixture.free("FreeOr02", "placed.example.com", 10).toBuilder()
            .material(new KeyMaterial(null, publicKeyPem, null, null))
            .build();
    start(List.of(certificate), output("Original", hook(""), "10s"));
    Path domain = Files.createDirectories(directory.resolve("certs").resolve("placed.example.com"));
    Files.writeString(domain.resolve("privkey.pem"), Pem.privateKey(original.getPrivate()));

    renew();
    track();

    assertThat(delivery("FreeOr02"))
        .containsEntry("key_source", "none")
        .containsEntry("hook_status", "succeeded");
    assertThat((String) delivery("FreeOr02").get("note"))
        .contains("matches the new certificate and is used");
    assertThat(hookEnvironment())
        .containsEntry("REISSUED_KEY_PATH", domain.resolve("privkey.pem").toString());
    assertOpenSslAccepts(domain, true);
  }

  @Test
  void failing_hook_is_recorded_then_retried_after_the_backoff_and_once_it_succeeds_never_again()
      throws Exception {
    String failOnce =
        "if [ ! -f \"%1$s/failed-once\" ]; then touch \"%1$s/failed-once\"; echo nginx: config test failed; exit 1; fi; echo reloaded"
            .formatted(directory);
    start(
        List.of(RenewalFixture.free("FreeHk01", "hook.example.com", 10)),
        output("Upload", hook(failOnce), "10s"));

    renew();
    track();
    Map<String, Object> failed = delivery("FreeHk01");
    track();
    Map<String, Object> stillWaiting = delivery("FreeHk01");
    fixture.clock.advance(fixture.config.renewal().retry().backoffAfter(1).plusSeconds(1));
    track();
    Map<String, Object> succeeded = delivery("FreeHk01");
    fixture.clock.advance(Duration.ofDays(1));
    track();

    assertThat(failed)
        .containsEntry("hook_status", "failed")
        .containsEntry("state", "deploy_failing")
        .containsEntry("hook_exit_status", 1)
        .containsEntry("hook_result", "exit 1")
        .containsEntry("hook_output", "nginx: config test failed\n")
        .containsEntry("hook_attempts", 1);
    assertThat(failed.get("hook_next_attempt_at")).isNotNull();
    assertThat(stillWaiting).containsEntry("hook_attempts", 1);
    assertThat(succeeded)
        .containsEntry("hook_status", "succeeded")
        .containsEntry("hook_attempts", 2)
        .containsEntry("hook_exit_status", 0)
        .containsEntry("hook_output", "reloaded\n")
        .containsEntry("hook_next_attempt_at", null);
    assertThat(hookRuns()).hasSize(2);
    assertThat(deployFailures())
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.type()).isEqualTo(NotifyEvent.DEPLOY_FAILED);
              assertThat(event.certificateId()).isEqualTo(newId("FreeHk01"));
              assertThat(event.domain()).isEqualTo("hook.example.com");
              assertThat(event.summary())
                  .isEqualTo(
                      "deploy hook failed for hook.example.com (certificate "
                          + newId("FreeHk01")
                          + "): exit 1");
              assertThat(event.details())
                  .containsEntry("old_certificate_id", "FreeHk01")
                  .containsEntry("attempt", "1");
            });
  }

  @Test
  void hook_past_its_timeout_is_killed_and_recorded() throws Exception {
    start(
        List.of(RenewalFixture.free("FreeTo01", "slow.example.com", 10)),
        output("Upload", hook("echo waiting; sleep 30"), "1s"));

    renew();
    long started = System.nanoTime();
    track();

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
    assertThat(delivery("FreeTo01"))
        .containsEntry("hook_status", "failed")
        .containsEntry("hook_exit_status", null)
        .containsEntry("hook_result", "timed out after PT1S, killed");
    assertThat((String) delivery("FreeTo01").get("hook_output")).startsWith("waiting\n");
    assertThat(deployFailures()).hasSize(1);
  }

  @Test
  void archive_without_a_certificate_for_the_domain_fails_clearly_is_recorded_and_retried()
      throws Exception {
    start(
        List.of(
            RenewalFixture.free("FreeBad1", "bad.example.com", 10),
            RenewalFixture.free("Other001", "other.example.com", 80)),
        output("Upload", hook(""), "10s"));
    CertificateArchive otherArchive =
        CertificateArchive.read(
            "Other001", fixture.client.downloadCertificate("Other001").content());
    String otherLeaf =
        IssuedCertificate.find(otherArchive, "other.example.com", Optional.empty())
            .certificatePem();
    renew();
    String newId = newId("FreeBad1");
    SandboxCertificate issued = fixture.sandbox.certificate(newId).orElseThrow();
    KeyMaterial right = issued.material();
    fixture.sandbox.put(
        issued.toBuilder()
            .material(new KeyMaterial(right.csrPem(), right.publicKeyPem(), null, otherLeaf))
            .build());

    TestProcess.Tracked failing = track();
    Map<String, Object> failed = delivery("FreeBad1");
    fixture.sandbox.put(
        issued.toBuilder()
            .material(new KeyMaterial(right.csrPem(), right.publicKeyPem(), null, null))
            .build());
    track();
    Map<String, Object> waited = delivery("FreeBad1");
    fixture.clock.advance(Duration.ofMinutes(2));
    track();

    assertThat(failing.delivery().deliveryFailures()).isEqualTo(1);
    assertThat(failed)
        .containsEntry("state", "failing")
        .containsEntry("delivered_at", null)
        .containsEntry("attempts", 1)
        .containsEntry("hook_status", "none");
    assertThat((String) failed.get("last_error"))
        .isEqualTo(
            "archive of certificate "
                + newId
                + " holds no certificate for bad.example.com: 2 certificates, end-entity for"
                + " other.example.com; entries bad.example.com_nginx/bad.example.com_bundle.crt,"
                + " bad.example.com_nginx/bad.example.com_bundle.pem,"
                + " bad.example.com_nginx/bad.example.com.csr,"
                + " bad.example.com_apache/root_bundle.crt,"
                + " bad.example.com_apache/2_bad.example.com.crt,"
                + " bad.example.com_other/bad.example.com.pem");
    assertThat(waited).containsEntry("attempts", 1).containsEntry("delivered_at", null);
    assertThat(directory.resolve("certs").resolve("bad.example.com").resolve("cert.pem")).exists();
    assertThat(delivery("FreeBad1"))
        .containsEntry("state", "delivered")
        .containsEntry("attempts", 2)
        .containsEntry("last_error", null);
    assertThat(hookRuns()).hasSize(1);
    assertThat(deployFailures())
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.type()).isEqualTo(NotifyEvent.DEPLOY_FAILED);
              assertThat(event.summary())
                  .startsWith(
                      "certificate "
                          + newId
                          + " for bad.example.com cannot be delivered: archive of");
            });
  }

  @Test
  void hostile_archives_fail_fast_with_a_clear_error_and_the_others_are_delivered_in_the_same_run()
      throws Exception {
    start(
        List.of(
            RenewalFixture.free("Hostile1", "hostile.example.com", 5),
            RenewalFixture.free("DeepAsn1", "deep.example.com", 6),
            RenewalFixture.free("GoodOne1", "one.example.com", 10),
            RenewalFixture.free("GoodTwo1", "two.example.com", 11)),
        output("Upload", hook(""), "10s"));
    renew();
    fixture.sandbox.setArchiveFault(ArchiveFault.UNCLOSED_PEM, newId("Hostile1"));
    fixture.sandbox.setArchiveFault(ArchiveFault.DEEP_ASN1, newId("DeepAsn1"));

    Instant trackedAt = fixture.clock.instant();
    long started = System.nanoTime();
    TestProcess.Tracked first = track();
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    Map<String, Object> hostile = delivery("Hostile1");
    Map<String, Object> deep = delivery("DeepAsn1");
    TestProcess.Tracked tooSoon = track();
    fixture.sandbox.setArchiveFault(ArchiveFault.NONE, newId("Hostile1"), newId("DeepAsn1"));
    fixture.clock.advance(fixture.config.renewal().retry().backoffAfter(1).plusSeconds(1));
    TestProcess.Tracked afterBackoff = track();

    assertThat((Long) hostile.get("reissue_id"))
        .as("the hostile archives come first, so they would hold the others up")
        .isLessThan((Long) delivery("GoodOne1").get("reissue_id"));
    // Generous: the quadratic scan took about 220 s on the hostile archive alone.
    assertThat(took).isLessThan(Duration.ofSeconds(30));
    assertThat(first.delivery().delivered()).isEqualTo(2);
    assertThat(first.delivery().deliveryFailures()).isEqualTo(2);
    assertThat(delivery("GoodOne1")).containsEntry("state", "delivered");
    assertThat(delivery("GoodTwo1")).containsEntry("state", "delivered");
    String hostileId = newId("Hostile1");
    assertThat(hostile)
        .containsEntry("state", "failing")
        .containsEntry("attempts", 1)
        .containsEntry(
            "last_error",
            "archive of certificate "
                + hostileId
                + " holds more than 256 PEM blocks (the limit was reached in entry"
                + " hostile.example.com_nginx/hostile.example.com_bundle.crt); a certificate"
                + " archive holds a few dozen");
    assertThat(deep)
        .containsEntry("state", "failing")
        .containsEntry(
            "last_error",
            "archive of certificate "
                + newId("DeepAsn1")
                + " holds no certificate for deep.example.com: no certificates, 1 unreadable;"
                + " entries deep.example.com_nginx/deep.example.com_bundle.crt");
    assertThat(((java.sql.Timestamp) hostile.get("next_attempt_at")).toInstant())
        .isAfter(trackedAt);
    assertThat(tooSoon.delivery().deliveryFailures()).as("backing off").isZero();
    assertThat(afterBackoff.delivery().delivered()).isEqualTo(2);
    assertThat(delivery("Hostile1"))
        .containsEntry("state", "delivered")
        .containsEntry("attempts", 2)
        .containsEntry("last_error", null);
    assertThat(deployFailures())
        .extracting(Event::certificateId)
        .containsExactlyInAnyOrder(hostileId, newId("DeepAsn1"));
    assertThat(hookRuns()).hasSize(4);
  }

  @Test
  void without_output_dir_the_hook_gets_the_files_in_a_private_directory_removed_afterwards()
      throws Exception {
    String copy =
        "cp \"$REISSUED_FULLCHAIN_PATH\" \"%1$s/kept.pem\"; stat -c %%a \"$(dirname \"$REISSUED_KEY_PATH\")\" \"$REISSUED_KEY_PATH\" > \"%1$s/modes.txt\""
            .formatted(directory);
    start(
        List.of(RenewalFixture.free("FreeNd01", "nodir.example.com", 10)),
        "output: { deployHook: \"%s\" }".formatted(hook(copy)));

    renew();
    track();

    assertThat(delivery("FreeNd01"))
        .containsEntry("files_status", "none")
        .containsEntry("hook_status", "succeeded");
    Path used = Path.of(hookEnvironment().get("REISSUED_KEY_PATH"));
    assertThat(used.getParent()).doesNotExist();
    assertThat(Files.readAllLines(directory.resolve("modes.txt"))).containsExactly("755", "600");
    assertThat(Files.readString(directory.resolve("kept.pem")))
        .startsWith(delivery("FreeNd01").get("certificate_pem").toString());
  }

  @Test
  void files_that_cannot_be_written_hold_the_hook_back_until_they_are() throws Exception {
    start(
        List.of(RenewalFixture.free("FreeFs01", "files.example.com", 10)),
        output("Upload", hook(""), "10s"));
    Files.writeString(directory.resolve("certs"), "a file where the output directory should be");

    renew();
    track();
    Map<String, Object> blocked = delivery("FreeFs01");
    Files.delete(directory.resolve("certs"));
    track();

    assertThat(blocked)
        .containsEntry("state", "deploy_failing")
        .containsEntry("files_status", "failed")
        .containsEntry("hook_status", "pending");
    assertThat((String) blocked.get("files_error")).startsWith("cannot create output directory");
    assertThat(deployFailures())
        .singleElement()
        .satisfies(event -> assertThat(event.details()).containsEntry("step", "files"));
    assertThat(delivery("FreeFs01"))
        .containsEntry("state", "delivered")
        .containsEntry("files_status", "written")
        .containsEntry("files_error", null)
        .containsEntry("hook_status", "succeeded");
    assertThat(hookRuns()).hasSize(1);
  }

  @Test
  void two_processes_tracking_at_once_deliver_once_and_run_the_hook_once() throws Exception {
    start(
        List.of(RenewalFixture.free("FreeTw01", "twice.example.com", 10)),
        output("Upload", hook("sleep 1"), "10s"));
    TestProcess other = fixture.engine(events::add);
    renew();

    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<TestProcess.Tracked> one = pool.submit(this::track);
      Future<TestProcess.Tracked> two =
          pool.submit(() -> other.track(fixture.config.accounts().get(0), fixture.client));
      one.get();
      two.get();
    } finally {
      pool.shutdownNow();
    }
    track();

    assertThat(hookRuns()).hasSize(1);
    assertThat(delivery("FreeTw01"))
        .containsEntry("hook_status", "succeeded")
        .containsEntry("hook_attempts", 1);
  }
}
