package dev.reissued.renewal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reissued.config.AccountConfig;
import dev.reissued.config.ReissuedConfig;
import dev.reissued.db.PostgresExtension;
import dev.reissued.inventory.InventorySync;
import dev.reissued.keys.MasterKey;
import dev.reissued.keys.Sealer;
import dev.reissued.notify.EventSink;
import dev.reissued.renewal.Checkpoints.Point;
import dev.reissued.sandbox.AnswerFault;
import dev.reissued.sandbox.Sandbox;
import dev.reissued.sandbox.SandboxCertificate;
import dev.reissued.sandbox.SandboxOptions;
import dev.reissued.tencent.Settling;
import dev.reissued.tencent.TencentClient;
import dev.reissued.tencent.TencentClients;
import dev.reissued.testing.SettableClock;
import dev.reissued.testing.TestConfigs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The at-most-once promise checked on every order of the steps that decide it, not on the orders
 * that random kills happen to hit. One free certificate is due; a pass and a reconciliation (of the
 * same process, or of another one that has lost sight of the first's lease) run as actors of an
 * {@link Interleaving}, parked at each {@link Checkpoints.Point}, with the answer to the one
 * re-issue delivered or lost, and — where the model allows it — the process crashed at any step.
 * After each run the world settles as a fresh process would settle it (reconcile and renew until
 * nothing is open or due), and the sandbox must have accepted exactly one re-issue, received no
 * request after it, and the ledger must hold it as the one succeeded row with the API's id.
 */
class LedgerInterleavingTest {
  private static final String CERTIFICATE = "FreeRace";
  private static final int LIMIT = 5_000;

  /** The account's request rate: high, as the sandbox has no limit and a run should not wait. */
  private static final double RATE = 100;

  @RegisterExtension final PostgresExtension postgres = new PostgresExtension();
  @TempDir Path directory;

  enum Answer {
    DELIVERED,
    LOST
  }

  /** Every action and every answer: the cases each interleaving is run in. */
  static Stream<Arguments> cases() {
    return Stream.of(Action.values())
        .flatMap(action -> Stream.of(Answer.values()).map(answer -> Arguments.of(action, answer)));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void a_pass_whose_lease_was_lost_and_another_process_reconciling_in_every_order_send_one_request(
      Action action, Answer answer) {
    assertEveryOrderKeepsThePromise(
        action,
        answer,
        (world, interleaving) -> {
          TestProcess sender = world.engine(interleaving, "P1.pass", "P1.reconcile");
          // The database restarted under P1: its lease connection is gone, P1 lives on.
          sender.lease().close();
          TestProcess other = world.engine(interleaving, "P2.pass", "P2.reconcile");
          interleaving.actor("P1.pass", "P1", () -> sender.pass(world.account(), world.client));
          interleaving.actor(
              "P2.reconcile", "P2", () -> other.reconcile(world.account(), world.client));
        });
  }

  @ParameterizedTest
  @MethodSource("cases")
  void a_pass_and_its_own_reconciliation_in_every_order_and_crashed_at_any_step_send_one_request(
      Action action, Answer answer) {
    assertEveryOrderKeepsThePromise(
        action,
        answer,
        (world, interleaving) -> {
          TestProcess process = world.engine(interleaving, "P1.pass", "P1.reconcile");
          interleaving.actor("P1.pass", "P1", () -> process.pass(world.account(), world.client));
          interleaving.actor(
              "P1.reconcile", "P1", () -> process.reconcile(world.account(), world.client));
          interleaving.crashable("P1", () -> process.lease().close());
        });
  }

  private void assertEveryOrderKeepsThePromise(Action action, Answer answer, Cast cast) {
    List<String> failures = new ArrayList<>();
    int runs =
        Interleaving.explore(script -> runOnce(action, answer, script, failures, cast), LIMIT);
    assertThat(failures).as("%d interleavings", runs).isEmpty();
    // Each actor stops at several points: fewer orders would mean a checkpoint is no longer
    // reached.
    assertThat(runs).as("interleavings run").isGreaterThanOrEqualTo(30);
  }

  interface Cast {
    void cast(World world, Interleaving interleaving);
  }

  private List<Integer> runOnce(
      Action action, Answer answer, List<Integer> script, List<String> failures, Cast cast) {
    try (World world = new World(postgres, directory, action)) {
      Interleaving interleaving = new Interleaving();
      cast.cast(world, interleaving);
      world.sandbox.setAnswerFault(AnswerFault.LOST, answer == Answer.LOST ? 1.0 : 0.0);
      List<Integer> widths;
      try {
        widths = interleaving.run(script);
        world.sandbox.setAnswerFault(AnswerFault.LOST, 0.0);
        world.settle();
        String broken = world.brokenPromise();
        if (broken != null) {
          failures.add(String.join(" → ", interleaving.trace()) + ": " + broken);
        }
      } finally {
        interleaving.close();
      }
      return widths;
    }
  }

  /** A fresh database content, sandbox and processes for one run. */
  static final class World implements AutoCloseable {
    final PostgresExtension postgres;
    final Sandbox sandbox;
    final SettableClock clock = SettableClock.now();
    final ReissuedConfig config;
    final TencentClient client;
    final Sealer sealer;
    final Action action;
    private final List<ProcessLease> leases = new ArrayList<>();

    World(PostgresExtension postgres, Path directory, Action action) {
      this.postgres = postgres;
      this.action = action;
      // DELETE, not TRUNCATE: a few rows, and TRUNCATE's locks and file work cost more than a run.
      postgres.jdbc().update("DELETE FROM sealed_secret");
      postgres.jdbc().update("DELETE FROM reissue");
      postgres.jdbc().update("DELETE FROM certificate");
      this.sandbox =
          Sandbox.start(
              SandboxOptions.defaults()
                  .withRateLimit(0)
                  .withInventory(List.of(RenewalFixture.free(CERTIFICATE, "race.example.com", 5))));
      // Original needs no key: a run costs milliseconds, so every order can be run.
      this.config =
          TestConfigs.load(
              TestConfigs.write(
                  directory,
                  postgres.jdbcUrl(),
                  sandbox,
                  Duration.ofSeconds(2),
                  Duration.ofSeconds(5),
                  RATE,
                  // An ECC key: the sandbox makes an apply's key itself, and RSA would cost more
                  // than the rest of a run.
                  "renewal: { csrType: Original, key: { algorithm: ECC, parameter: prime256v1 },"
                      + " mode: "
                      + (action == Action.APPLY ? "apply" : "reissue")
                      + " }"));
      this.client = TencentClients.forAccount(account());
      this.sealer = new Sealer(MasterKey.read(config.keys().masterKeyFile()));
      new InventorySync(postgres.jdbc(), clock).sync(client);
    }

    AccountConfig account() {
      return config.accounts().get(0);
    }

    /** A process whose pass and reconciliation points belong to the named actors. */
    TestProcess engine(Interleaving interleaving, String passActor, String reconcileActor) {
      Function<Point, String> owner =
          point -> point.name().startsWith("RECONCILE") ? reconcileActor : passActor;
      return engine(interleaving.checkpoints(owner));
    }

    TestProcess engine(Checkpoints checkpoints) {
      ProcessLease lease = ProcessLease.acquire(postgres.database().dataSource());
      leases.add(lease);
      return new TestProcess(
          postgres.jdbc(), config, sealer, lease, clock, EventSink.NONE, checkpoints);
    }

    /**
     * What happens next in real life: a process (a fresh one, for every other may have died) runs
     * reconciliation and renewal on its schedule while time passes, until nothing is open or due.
     */
    void settle() {
      TestProcess survivor = engine(Checkpoints.NONE);
      Duration step = Settling.period(account()).plusSeconds(1);
      for (int round = 0; round < 6 && !quiet(survivor); round++) {
        clock.advance(step);
        survivor.renew(account(), client);
      }
      new InventorySync(postgres.jdbc(), clock).sync(client);
    }

    /** Nothing open, nothing due: nothing more would happen. */
    private boolean quiet(TestProcess survivor) {
      return survivor.plan("main").stream().noneMatch(decision -> decision.isDue())
          && new Ledger(postgres.jdbc())
              .forAccount("main").stream().noneMatch(row -> row.state().isOpen());
    }

    /** Null when the promise held; else what broke it. */
    String brokenPromise() {
      boolean apply = action == Action.APPLY;
      int accepted =
          apply
              ? sandbox.applyRequestsAccepted(CERTIFICATE)
              : sandbox.replaceRequestsAccepted(CERTIFICATE);
      int after =
          apply
              ? sandbox.applyRequestsReceivedAfterAccepted(CERTIFICATE)
              : sandbox.replaceRequestsReceivedAfterAccepted(CERTIFICATE);
      List<ReissueRecord> rows = new Ledger(postgres.jdbc()).forAccount("main");
      String ledger =
          rows.stream()
              .map(
                  row ->
                      row.id()
                          + " "
                          + row.action().sql()
                          + " "
                          + row.state().sql()
                          + " "
                          + row.errorCode()
                          + " by "
                          + row.settledBy())
              .toList()
              .toString();
      if (after > 0) {
        return after + " " + action.sql() + " request(s) after the accepted one; ledger: " + ledger;
      }
      if (accepted != 1) {
        return accepted + " " + action.sql() + " requests accepted, not 1; ledger: " + ledger;
      }
      if ((apply ? sandbox.replaceRequestsReceived(CERTIFICATE) : 0) > 0) {
        return "a re-issue was asked where only an apply was due";
      }
      String newId = newCertificate();
      List<ReissueRecord> succeeded =
          rows.stream().filter(row -> row.state() == ReissueState.SUCCEEDED).toList();
      if (succeeded.size() != 1 || !newId.equals(succeeded.get(0).newCertificateId())) {
        return "the ledger does not hold the " + action.sql() + " as " + newId + ": " + ledger;
      }
      if (rows.stream().anyMatch(row -> row.state().isOpen())) {
        return "rows still open: " + ledger;
      }
      return null;
    }

    /** What the sandbox made: the re-issue, or the certificate applied for to renew. */
    private String newCertificate() {
      if (action == Action.REISSUE) {
        return sandbox.certificate(CERTIFICATE).orElseThrow().replacedFor();
      }
      return sandbox.certificates().stream()
          .filter(c -> CERTIFICATE.equals(c.originCertificateId()) && c.replacedBy() == null)
          .map(SandboxCertificate::id)
          .findFirst()
          .orElse("(none)");
    }

    @Override
    public void close() {
      leases.forEach(ProcessLease::close);
      client.close();
      sandbox.close();
    }
  }
}
