package dev.reissued.tencent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reissued.db.PostgresExtension;
import dev.reissued.sandbox.Sandbox;
import dev.reissued.sandbox.SandboxCertificate;
import dev.reissued.sandbox.SandboxOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One API rate limit per account across every process on the database. Three clients with limiters
 * of their own (as three processes had them) overrun the API's limit; the same three taking their
 * slots from the database do not.
 */
class SharedRateLimitTest {
  private static final int RATE = 20;
  private static final int CLIENTS = 3;
  private static final int REQUESTS_EACH = 15;

  @RegisterExtension final PostgresExtension postgres = new PostgresExtension();
  private Sandbox sandbox;

  @AfterEach
  void stop() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  @Test
  void slots_of_one_account_are_spaced_evenly_and_other_accounts_are_apart() {
    // 10 a second: one slot every 104 ms (a second and the 40 ms jitter allowance, shared out).
    SharedRateLimit busy = new SharedRateLimit(postgres.jdbc(), "busy", 10);

    List<Duration> aheads = new ArrayList<>();
    for (int index = 0; index < 5; index++) {
      aheads.add(busy.ahead());
    }
    Duration other = new SharedRateLimit(postgres.jdbc(), "quiet", 10).ahead();

    assertThat(aheads.get(0)).isZero();
    assertThat(aheads).isSortedAccordingTo(Duration::compareTo);
    // Five slots taken at once: the last is four spacings after the first, less the little time
    // the reservations took.
    assertThat(aheads.get(4)).isBetween(Duration.ofMillis(300), Duration.ofMillis(420));
    assertThat(other).isZero();
  }

  @Test
  void three_processes_with_limiters_of_their_own_overrun_the_accounts_limit() throws Exception {
    int refused =
        refusals(
            settings ->
                TencentClient.create(
                    settings,
                    ApiObserver.NONE,
                    RateLimiter.create(RATE, Duration.ofSeconds(1), RateLimiter.Ticker.SYSTEM)));

    assertThat(refused).isPositive();
  }

  @Test
  void three_processes_taking_slots_from_the_database_keep_to_the_accounts_limit()
      throws Exception {
    int refused =
        refusals(
            settings -> {
              // Each "process" has a limiter object of its own; only the database is shared.
              return TencentClient.create(
                  settings,
                  ApiObserver.NONE,
                  new SharedRateLimit(postgres.jdbc(), settings.account(), RATE));
            });

    assertThat(refused).isZero();
  }

  /** Requests of three clients at once against a sandbox that allows {@link #RATE} a second. */
  private int refusals(Function<ClientSettings, TencentClient> clients) throws Exception {
    Instant now = Instant.now();
    sandbox =
        Sandbox.start(
            SandboxOptions.defaults()
                .withRateLimit(RATE)
                .withInventory(
                    List.of(
                        SandboxCertificate.builder("Rate0001", "rate.example.com")
                            .validity(now.minus(Duration.ofDays(10)), now.plus(Duration.ofDays(80)))
                            .build())));
    ClientSettings settings =
        ClientSettings.of("shared", sandbox.secretId(), SandboxOptions.DEFAULT_SECRET_KEY)
            .withEndpoint(sandbox.endpoint())
            .withRequestsPerSecond(RATE)
            .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5));
    ExecutorService processes = Executors.newFixedThreadPool(CLIENTS);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int process = 0; process < CLIENTS; process++) {
        TencentClient client = clients.apply(settings);
        results.add(
            processes.submit(
                () -> {
                  int refused = 0;
                  for (int request = 0; request < REQUESTS_EACH; request++) {
                    try {
                      client.describeCertificateDetail("Rate0001");
                    } catch (TencentApiException answered) {
                      assertThat(answered.code()).isEqualTo("RequestLimitExceeded");
                      refused++;
                    }
                  }
                  client.close();
                  return refused;
                }));
      }
      int refused = 0;
      for (Future<Integer> result : results) {
        refused += result.get();
      }
      return refused;
    } finally {
      processes.shutdownNow();
    }
  }
}
