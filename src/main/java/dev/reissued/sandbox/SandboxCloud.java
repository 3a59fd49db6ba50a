package dev.reissued.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The sandbox's cloud resources and which certificate each holds, with the SSL API's actions that
 * find and move them: bind-resource queries ({@link BindTasks}) and move tasks ({@link
 * UpdateRecords}), served by {@link CloudRequests}. Tests seed resources with {@link #bind}, read
 * where they stand with {@link #holder} (by the sandbox clock, like every answer), and count
 * requests per certificate pair. Thread-safe.
 */
public final class SandboxCloud {
  static final Set<String> ACTIONS =
      Set.of(
          "CreateCertificateBindResourceSyncTask",
          "DescribeCertificateBindResourceTaskResult",
          "DescribeCertificateBindResourceTaskDetail",
          "UpdateCertificateInstance",
          "DescribeHostUpdateRecord",
          "DescribeHostUpdateRecordDetail",
          "UpdateCertificateRecordRetry",
          "UpdateCertificateRecordRollback",
          "ModifyCertificatesExpiringNotificationSwitch");

  private final CloudState state;
  private final CloudRequests requests;
  private final Map<String, AtomicInteger> updateCalls = new ConcurrentHashMap<>();
  private volatile SandboxCloudOptions options;
  private volatile long repeatedPageTotal;

  SandboxCloud(
      SandboxCloudOptions options,
      Clock clock,
      long seed,
      Function<String, Optional<SandboxCertificate>> certificates,
      Runnable onChange) {
    this.options = options;
    this.state = new CloudState(clock, seed, onChange);
    this.requests =
        new CloudRequests(state, clock, this::options, () -> repeatedPageTotal, certificates);
  }

  public SandboxCloudOptions options() {
    return options;
  }

  /** Failure and pending rates, durations and the service role from now on. */
  public void setOptions(SandboxCloudOptions newOptions) {
    this.options = newOptions;
  }

  /**
   * With a positive {@code totalCount}, the bind-resource detail and the move task lists and
   * details answer their first page for every Offset and claim that many entries; 0 is the truth.
   */
  public void setRepeatedPage(long totalCount) {
    if (totalCount < 0) {
      throw new IllegalArgumentException("total count must be 0 (off) or more");
    }
    this.repeatedPageTotal = totalCount;
  }

  /** These resources hold {@code certificateId} from now on (added, or moved there). */
  public void bind(String certificateId, List<SandboxResource> resources) {
    state.locked(
        () -> {
          resources.forEach(resource -> state.holders.put(resource, certificateId));
          state.changed();
          return null;
        });
  }

  public void bind(String certificateId, SandboxResource... resources) {
    bind(certificateId, List.of(resources));
  }

  /** The resource is deleted: a move that reaches it ends with Status 6 (no resource). */
  public void unbind(SandboxResource resource) {
    state.locked(
        () -> {
          if (state.holders.remove(resource) != null) {
            state.changed();
          }
          return null;
        });
  }

  /** The certificate the resource holds now. */
  public Optional<String> holder(SandboxResource resource) {
    return state.locked(() -> Optional.ofNullable(state.holders.get(resource)));
  }

  /** Every resource and the certificate it holds now. */
  public Map<SandboxResource, String> holders() {
    return state.locked(() -> Map.copyOf(state.holders));
  }

  public List<SandboxResource> resourcesHolding(String certificateId) {
    return state.locked(() -> state.holding(certificateId));
  }

  /** UpdateCertificateInstance requests received for the pair, whatever they were answered. */
  public int updateCalls(String oldCertificateId, String certificateId) {
    AtomicInteger count = updateCalls.get(oldCertificateId + ">" + certificateId);
    return count == null ? 0 : count.get();
  }

  /** Move tasks (not rollbacks) created for the pair. */
  public int recordsCreated(String oldCertificateId, String certificateId) {
    return state.locked(
        () ->
            (int)
                state.records.find(certificateId, oldCertificateId).stream()
                    .filter(record -> !record.rollback)
                    .count());
  }

  /** The expiry-notice switch last set for the certificate (1 ignore), if any. */
  public Optional<Integer> expiringNotificationSwitch(String certificateId) {
    return state.locked(() -> Optional.ofNullable(state.noticeSwitches.get(certificateId)));
  }

  /** Counts a signed request as it arrives, before any fault or rate limit decides its answer. */
  void received(String action, JsonNode body) {
    if (action.equals("UpdateCertificateInstance")) {
      String pair =
          SandboxStore.text(body, "OldCertificateId")
              + ">"
              + SandboxStore.text(body, "CertificateId");
      updateCalls.computeIfAbsent(pair, key -> new AtomicInteger()).incrementAndGet();
    }
  }

  ObjectNode handle(String action, JsonNode body) {
    return requests.handle(action, body);
  }

  /** The state the state file keeps. */
  record State(
      Map<SandboxResource, String> holders,
      List<DeployRecord> records,
      Map<String, Integer> noticeSwitches) {}

  /** Settled to the clock, without saving: the state file's writer calls this. */
  State state() {
    return state.snapshot();
  }

  void restore(State saved) {
    state.locked(
        () -> {
          state.holders.putAll(saved.holders());
          saved.records().forEach(state.records::restore);
          state.noticeSwitches.putAll(saved.noticeSwitches());
          return null;
        });
  }
}
