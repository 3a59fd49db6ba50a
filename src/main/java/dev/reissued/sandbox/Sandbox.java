package dev.reissued.sandbox;

import dev.reissued.ReissuedException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local stand-in for the Tencent Cloud SSL API over real HTTP on 127.0.0.1, for tests, the demo
 * and operators rehearsing a policy. It checks TC3 signatures, keeps the re-issue rules (one
 * re-issue per free lineage, RSA 2048 only for free certificates) and ApplyCertificate's (the
 * 30-day renewal window, free quota; see {@link ApplyRules}), models DNS and FILE validation (see
 * {@link DomainValidation}), issues real X.509 certificates from its own CA, and injects the faults
 * reissued must survive. Thread-safe.
 */
public final class Sandbox implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Sandbox.class);

  private final SandboxOptions options;
  private final SandboxCa ca;
  private final SandboxStore store;
  private final SandboxCloud cloud;
  private final SandboxApi api;
  private final SandboxHttpServer server;
  private volatile boolean started;

  private Sandbox(SandboxOptions options) throws IOException {
    this.options = options;
    SandboxStateFile.State state =
        options.stateFile() != null && Files.exists(options.stateFile())
            ? SandboxStateFile.load(options.stateFile())
            : null;
    this.ca = state != null ? state.ca() : SandboxCa.generate(options.clock().instant());
    this.store = new SandboxStore(ca, options.seed(), options.issueDelay(), this::save);
    this.cloud =
        new SandboxCloud(
            options.cloud(),
            options.clock(),
            options.seed(),
            id -> store.get(id, options.clock().instant()),
            this::save);
    if (state != null) {
      cloud.restore(state.cloud());
      store.putAll(state.certificates());
    } else {
      store.putAll(options.inventory().stream().map(this::seedBindings).toList());
    }
    store.quota().restore(state != null ? state.quotaUsage() : FreeQuota.Usage.NONE);
    store.quota().setLimits(options.freeQuota(), options.domainQuota());
    store.setReissueValidity(options.reissueValidity());
    this.api =
        new SandboxApi(
            store,
            cloud,
            new Tc3Verifier(Map.of(options.secretId(), options.secretKey())),
            options.clock(),
            options.seed());
    api.setRateLimit(options.rateLimit());
    api.setBusyRate(options.busyRate());
    api.setAnswerFault(AnswerFault.LOST, options.lostAnswerRate());
    store.setArchiveFault(options.archiveFault(), Set.of());
    store.setRepeatedPage(options.repeatedPageTotal());
    this.server = new SandboxHttpServer(options.port(), api);
    this.started = true;
    save();
  }

  /** Starts serving; the sandbox listens until {@link #close()}. */
  public static Sandbox start(SandboxOptions options) {
    try {
      return new Sandbox(options);
    } catch (IOException e) {
      throw new ReissuedException(
          "cannot start the sandbox on 127.0.0.1:" + options.port() + ": " + e.getMessage(), e);
    }
  }

  public int port() {
    return server.port();
  }

  /** {@code http://127.0.0.1:PORT}, the endpoint a client should use. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port());
  }

  public String secretId() {
    return options.secretId();
  }

  public SandboxOptions options() {
    return options;
  }

  /** Requests per second per SecretId from now on; 0 for none. */
  public void setRateLimit(int requestsPerSecond) {
    if (requestsPerSecond < 0) {
      throw new IllegalArgumentException("rate limit must be 0 or more");
    }
    api.setRateLimit(requestsPerSecond);
  }

  /**
   * The share of ReplaceCertificate and ApplyCertificate requests answered
   * FailedOperation.NetworkError, undone.
   */
  public void setBusyRate(double rate) {
    SandboxOptions.checkRate("busy rate", rate);
    api.setBusyRate(rate);
  }

  /**
   * The share of ReplaceCertificate and ApplyCertificate requests carried out (the certificate
   * made, quota used) and then dropped without an answer.
   */
  public void setLostAnswerRate(double rate) {
    setAnswerFault(AnswerFault.LOST, rate);
  }

  /**
   * The share of carried-out ReplaceCertificate and ApplyCertificate requests whose answer fails as
   * {@code fault}.
   */
  public void setAnswerFault(AnswerFault fault, double rate) {
    SandboxOptions.checkRate("answer fault rate", rate);
    api.setAnswerFault(fault, rate);
  }

  /**
   * Answers the next request of {@code action} with the error {@code code}, after counting it
   * (tests use it for answers the faults above do not give, such as a rate-limit refusal at a
   * chosen moment).
   */
  public void refuseNext(String action, String code, String message) {
    api.refuseNext(action, code, message);
  }

  /**
   * Answers the next request of {@code action} with {@code responseJson} as the Response object,
   * verbatim and after counting it: for answers no fault gives, such as malformed ones.
   */
  public void answerNext(String action, String responseJson) {
    api.answerNext(action, responseJson);
  }

  /** The cloud resources, what they hold, and the moves between certificates. */
  public SandboxCloud cloud() {
    return cloud;
  }

  /**
   * DownloadCertificate serves a hostile archive of this kind for {@code certificateIds}, or for
   * every certificate (and none in particular) when none is named; {@link ArchiveFault#NONE} serves
   * the real ones again.
   */
  public void setArchiveFault(ArchiveFault fault, String... certificateIds) {
    store.setArchiveFault(fault, Set.of(certificateIds));
  }

  /**
   * With a positive {@code totalCount}, DescribeCertificates answers the first page for every
   * Offset and claims {@code totalCount} certificates; 0 answers truthfully again.
   */
  public void setRepeatedPage(long totalCount) {
    if (totalCount < 0) {
      throw new IllegalArgumentException("total count must be 0 (off) or more");
    }
    store.setRepeatedPage(totalCount);
  }

  public void setIssueDelay(Duration delay) {
    store.setIssueDelay(delay);
  }

  /** Whether re-issues issued from now on keep the original's end date or get their own. */
  public void setReissueValidity(ReissueValidity validity) {
    store.setReissueValidity(Objects.requireNonNull(validity, "validity"));
  }

  /**
   * ApplyCertificate calls accepted from now on, per account and per main domain (0: no limit),
   * counting those already accepted.
   */
  public void setQuota(int freeQuota, int domainQuota) {
    store.quota().setLimits(freeQuota, domainQuota);
  }

  /** ApplyCertificate calls that made a certificate, in all (what the free quota counts). */
  public int freeQuotaUsed() {
    return store.quota().usage().used();
  }

  /**
   * Marks the DNS or FILE records of a reviewing certificate as published, as an operator would
   * after reading {@code DvAuthDetail}: the CA finds them after the issue delay, or at once on
   * CompleteCertificate. Nothing changes for a certificate already published or issued.
   *
   * @throws IllegalArgumentException when the sandbox has no such certificate
   * @throws IllegalStateException when the certificate is neither reviewing nor issued
   */
  public void publishValidation(String certificateId) {
    store.publish(certificateId, options.clock().instant());
  }

  /**
   * Every signed ReplaceCertificate for this certificate that arrived, counted before any rate
   * limit or fault was applied.
   */
  public int replaceRequestsReceived(String certificateId) {
    return api.replaces().received(certificateId);
  }

  /** Those that passed the rate limit and busy fault and reached the re-issue rules. */
  public int replaceRequestsAccepted(String certificateId) {
    return api.replaces().accepted(certificateId);
  }

  /**
   * Those received after one had been accepted: each is a second attempt at a re-issue already
   * carried out, whatever it was answered (a busy answer included). Zero is what at-most-once means
   * for a free certificate.
   */
  public int replaceRequestsReceivedAfterAccepted(String certificateId) {
    return api.replaces().receivedAfterAccepted(certificateId);
  }

  /**
   * Every signed ApplyCertificate naming this OldCertificateId that arrived, counted before any
   * rate limit or fault was applied.
   */
  public int applyRequestsReceived(String oldCertificateId) {
    return api.applies().received(oldCertificateId);
  }

  /**
   * The certificates ApplyCertificate made renewing this one, whether or not their answers arrived:
   * more than one for a single renewal is a second application, and a second use of free quota.
   */
  public int applyRequestsAccepted(String oldCertificateId) {
    return api.applies().accepted(oldCertificateId);
  }

  /**
   * ApplyCertificate calls renewing this certificate received after one had made a certificate,
   * whatever they were answered.
   */
  public int applyRequestsReceivedAfterAccepted(String oldCertificateId) {
    return api.applies().receivedAfterAccepted(oldCertificateId);
  }

  /** Requests of any kind the sandbox answered or dropped. */
  public long requestsServed() {
    return api.served();
  }

  /** The certificates as the sandbox's clock finds them now. */
  public List<SandboxCertificate> certificates() {
    return store.snapshot(options.clock().instant());
  }

  public Optional<SandboxCertificate> certificate(String id) {
    return store.get(id, options.clock().instant());
  }

  /**
   * Adds a certificate, or replaces the one with the same id; the resources it is {@link
   * SandboxCertificate#boundTo()} hold it from now on.
   */
  public void put(SandboxCertificate certificate) {
    store.put(seedBindings(certificate));
  }

  /** Binds the certificate's seed resources; the certificate as stored, without them. */
  private SandboxCertificate seedBindings(SandboxCertificate certificate) {
    if (certificate.boundTo().isEmpty()) {
      return certificate;
    }
    cloud.bind(certificate.id(), certificate.boundTo());
    return certificate.toBuilder().boundTo(List.of()).build();
  }

  /** The sandbox CA's root certificate, PEM: the trust anchor for what it issues. */
  public String caCertificatePem() {
    return ca.rootPem();
  }

  /** The intermediate that signs leaf certificates (shipped in every bundle), PEM. */
  public String intermediateCertificatePem() {
    return ca.intermediatePem();
  }

  @Override
  public void close() {
    server.close();
    save();
    log.debug("sandbox on port {} closed after {} requests", port(), api.served());
  }

  private void save() {
    if (started && options.stateFile() != null) {
      SandboxStateFile.save(
          options.stateFile(),
          ca,
          store.snapshot(options.clock().instant()),
          store.quota().usage(),
          cloud.state());
    }
  }
}
