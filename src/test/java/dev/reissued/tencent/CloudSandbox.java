package dev.reissued.tencent;

import dev.reissued.sandbox.Sandbox;
import dev.reissued.sandbox.SandboxCertificate;
import dev.reissued.sandbox.SandboxCloudOptions;
import dev.reissued.sandbox.SandboxOptions;
import dev.reissued.sandbox.SandboxResource;
import dev.reissued.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * A sandbox on a settable clock holding an old certificate bound to CLB listeners in two regions,
 * CDN, EdgeOne, WAF and COS, a new issued one to move them to, and a client's cloud actions on it.
 */
public final class CloudSandbox implements AutoCloseable {
  static final Instant NOW = Instant.parse("2025-03-01T04:00:00Z");
  static final String OLD = "old00001";
  static final String NEW = "new00001";
  static final String UNISSUED = "pend0001";
  static final String OTHER = "othr0001";

  public static final SandboxResource CLB_GZ =
      SandboxResource.clb(
          "ap-guangzhou",
          "lb-gz01",
          "web-gz",
          "lbl-gz443",
          "https-443",
          "www.example.com",
          "example.com");
  public static final SandboxResource CLB_GZ_8443 =
      SandboxResource.clb(
          "ap-guangzhou", "lb-gz01", "web-gz", "lbl-gz8443", "https-8443", "www.example.com");
  public static final SandboxResource CLB_SH =
      SandboxResource.clb(
          "ap-shanghai", "lb-sh01", "web-sh", "lbl-sh443", "https-443", "www.example.com");
  public static final SandboxResource CDN = SandboxResource.cdn("www.example.com");
  public static final SandboxResource TEO =
      SandboxResource.teo("zone-2q8n4k1xw7", "www.example.com");
  public static final SandboxResource WAF = SandboxResource.waf("ap-guangzhou", "www.example.com");
  public static final SandboxResource COS =
      SandboxResource.cos("ap-guangzhou", "static-1250000000", "www.example.com");
  public static final List<SandboxResource> ALL =
      List.of(CLB_GZ, CLB_GZ_8443, CLB_SH, CDN, TEO, WAF, COS);

  private static final AtomicInteger ACCOUNTS = new AtomicInteger();

  final SettableClock clock = new SettableClock(NOW);
  final Sandbox sandbox;
  final TencentClient client;
  final CloudActions actions;
  final CloudListings listings;

  private CloudSandbox(UnaryOperator<SandboxOptions> options) {
    sandbox =
        Sandbox.start(
            options.apply(
                SandboxOptions.defaults()
                    .withClock(clock)
                    .withRateLimit(0)
                    .withInventory(
                        List.of(
                            issued(OLD, Duration.ofDays(10)).boundTo(ALL).build(),
                            issued(NEW, Duration.ofDays(90)).build(),
                            issued(OTHER, Duration.ofDays(60))
                                .boundTo(SandboxResource.cdn("other.example.com"))
                                .build(),
                            SandboxCertificate.builder(UNISSUED, "www.example.com")
                                .status(SandboxCertificate.STATUS_REVIEWING)
                                .insertTime(NOW)
                                .build()))));
    client =
        TencentClient.create(
            ClientSettings.of(
                    "cloud-" + ACCOUNTS.incrementAndGet(),
                    sandbox.secretId(),
                    SandboxOptions.DEFAULT_SECRET_KEY)
                .withEndpoint(sandbox.endpoint())
                .withRequestsPerSecond(1000)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5)));
    actions = new CloudActions(client);
    listings = new CloudListings(actions);
  }

  static CloudSandbox start() {
    return new CloudSandbox(UnaryOperator.identity());
  }

  static CloudSandbox start(SandboxCloudOptions cloud) {
    return new CloudSandbox(options -> options.withCloud(cloud));
  }

  static CloudSandbox start(UnaryOperator<SandboxOptions> options) {
    return new CloudSandbox(options);
  }

  static SandboxCertificate.Builder issued(String id, Duration left) {
    return SandboxCertificate.builder(id, "www.example.com")
        .subjectAltNames(List.of("www.example.com", "example.com"))
        .validity(NOW.plus(left).minus(Duration.ofDays(90)), NOW.plus(left))
        .insertTime(NOW.minus(Duration.ofDays(90)));
  }

  /** Every type the old certificate is bound to, in both CLB regions. */
  static UpdateCertificateInstanceRequest moveAll(String oldId, String newId) {
    return UpdateCertificateInstanceRequest.of(
        oldId,
        newId,
        List.of("clb", "cdn", "teo", "waf", "cos"),
        List.of(
            new ResourceTypeRegions("clb", List.of("ap-guangzhou", "ap-shanghai")),
            new ResourceTypeRegions("waf", List.of("ap-guangzhou")),
            new ResourceTypeRegions("cos", List.of("ap-guangzhou"))),
        true);
  }

  /** UpdateCertificateInstance again until the task exists, a bounded number of times. */
  UpdateCertificateInstanceResponse moveUntilCreated(UpdateCertificateInstanceRequest request) {
    for (int attempt = 0; attempt < 10; attempt++) {
      UpdateCertificateInstanceResponse response = actions.updateCertificateInstance(request);
      if (!response.beingCreated()) {
        return response;
      }
    }
    throw new AssertionError("the move task was never created");
  }

  @Override
  public void close() {
    client.close();
    sandbox.close();
  }
}
