package dev.reissued.tencent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.tencentcloudapi.common.CommonClient;
import com.tencentcloudapi.common.Credential;
import com.tencentcloudapi.common.exception.TencentCloudSDKException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SSL API for one account, on the SDK's {@link CommonClient} (its TC3 signer) over an OkHttp
 * client built here so that nothing below this class ever sends a request twice:
 *
 * <ul>
 *   <li>OkHttp's {@code retryOnConnectionFailure} is off: by default it silently re-sends a POST
 *       that failed on a reused keep-alive connection ("unexpected end of stream"), which for
 *       ReplaceCertificate would be a second re-issue;
 *   <li>redirects are not followed, and {@link SendGuard} refuses any further attempt OkHttp might
 *       still make within one call (e.g. on a 503 with {@code Retry-After: 0});
 *   <li>the SDK's own extras are not used: {@code call()} has no retry, and the circuit breaker and
 *       backup endpoint stay off (no backup endpoint is set).
 * </ul>
 *
 * <p>Every request passes the account's process-wide rate limiter just before it is written (see
 * {@link SendGuard}). Instances are thread-safe. {@link Transport} builds the HTTP client, {@link
 * ApiFailures} names what went wrong, {@link CertificateListing} pages through the account.
 */
public final class TencentClient implements AutoCloseable {
  static final String SSL_SERVICE = "ssl";
  static final String SSL_VERSION = "2019-12-05";

  private static final Logger log = LoggerFactory.getLogger(TencentClient.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ClientSettings settings;
  private final OkHttpClient http;
  private final CommonClient sdk;
  private final Throttle limiter;
  private final ApiObserver observer;
  private final ApiFailures failures;

  private TencentClient(ClientSettings settings, Throttle limiter, ApiObserver observer) {
    this.settings = settings;
    this.limiter = limiter;
    this.observer = observer;
    this.failures = new ApiFailures(settings.account());
    this.http = Transport.httpClient(settings, limiter);
    this.sdk =
        new CommonClient(
            SSL_SERVICE,
            SSL_VERSION,
            new Credential(settings.secretId(), settings.secretKey()),
            settings.region(),
            Transport.profile(settings, http));
  }

  /** A client whose calls share the account's process-wide rate limiter. */
  public static TencentClient create(ClientSettings settings) {
    return create(settings, ApiObserver.NONE);
  }

  /** The same, reporting every completed call to {@code observer}. */
  public static TencentClient create(ClientSettings settings, ApiObserver observer) {
    return create(
        settings,
        observer,
        RateLimiters.forAccount(settings.account(), settings.requestsPerSecond()));
  }

  /** A client whose requests wait for {@code throttle} (the account's limit across processes). */
  public static TencentClient create(
      ClientSettings settings, ApiObserver observer, Throttle throttle) {
    return new TencentClient(settings, throttle, observer);
  }

  public String account() {
    return settings.account();
  }

  public ClientSettings settings() {
    return settings;
  }

  /** One page of the account's certificates. */
  public DescribeCertificatesResponse describeCertificates(DescribeCertificatesRequest request) {
    JsonNode response = call(ApiAction.DESCRIBE_CERTIFICATES, null, request);
    int[] skipped = {0};
    List<Certificate> certificates =
        ApiParser.certificates(account(), response.get("Certificates"), skipped);
    Long total = JsonFields.number(response, "TotalCount");
    return new DescribeCertificatesResponse(
        total == null ? certificates.size() : total,
        certificates,
        skipped[0],
        JsonFields.text(response, "RequestId"));
  }

  /** Every certificate of the account, paged through within bounds ({@link CertificateListing}). */
  public List<Certificate> listAllCertificates() {
    return new CertificateListing(this::describeCertificates, failures).all();
  }

  /**
   * The same listing a page at a time, each page's new certificates handed to {@code sink} before
   * the next page is asked for ({@link CertificateListing#forEachPage}).
   */
  public void forEachCertificatePage(Consumer<List<Certificate>> sink) {
    new CertificateListing(this::describeCertificates, failures).forEachPage(sink);
  }

  public CertificateDetail describeCertificateDetail(String certificateId) {
    JsonNode response =
        call(
            ApiAction.DESCRIBE_CERTIFICATE_DETAIL,
            certificateId,
            Map.of("CertificateId", certificateId));
    Certificate certificate =
        ApiParser.certificate(account(), response)
            .orElseThrow(
                () ->
                    invalidResponse(
                        ApiAction.DESCRIBE_CERTIFICATE_DETAIL,
                        certificateId,
                        "the answer has no CertificateId",
                        response));
    return new CertificateDetail(
        certificate,
        ApiParser.dvAuthDetail(response.get("DvAuthDetail")),
        JsonFields.text(response, "RequestId"));
  }

  /**
   * Asks for a re-issue. On {@link ErrorClass#OUTCOME_UNKNOWN} the re-issue may have happened:
   * reconcile by reading the certificate, never by calling this again.
   */
  public ReplaceCertificateResponse replaceCertificate(ReplaceCertificateRequest request) {
    return replaceCertificate(request, awaitTurn());
  }

  /** The same, in a turn the caller took before recording that it sends ({@link #awaitTurn}). */
  public ReplaceCertificateResponse replaceCertificate(
      ReplaceCertificateRequest request, Turn turn) {
    JsonNode response = call(ApiAction.REPLACE_CERTIFICATE, request.certificateId(), request, turn);
    String newId = JsonFields.text(response, "CertificateId");
    if (newId == null || newId.isBlank()) {
      throw invalidResponse(
          ApiAction.REPLACE_CERTIFICATE,
          request.certificateId(),
          "the answer has no new CertificateId",
          response);
    }
    return new ReplaceCertificateResponse(newId, JsonFields.text(response, "RequestId"));
  }

  public DownloadedCertificate downloadCertificate(String certificateId) {
    JsonNode response =
        call(ApiAction.DOWNLOAD_CERTIFICATE, certificateId, Map.of("CertificateId", certificateId));
    String content = JsonFields.text(response, "Content");
    byte[] archive;
    try {
      archive = content == null ? null : Base64.getMimeDecoder().decode(content);
    } catch (IllegalArgumentException notBase64) {
      archive = null;
    }
    if (archive == null || archive.length == 0) {
      throw invalidResponse(
          ApiAction.DOWNLOAD_CERTIFICATE, certificateId, "Content is not base64", null);
    }
    return new DownloadedCertificate(
        certificateId,
        archive,
        JsonFields.text(response, "ContentType"),
        JsonFields.text(response, "RequestId"));
  }

  /** Drops pooled connections. The rate limiter stays: it belongs to the account. */
  @Override
  public void close() {
    http.connectionPool().evictAll();
  }

  /** An answer that came back but lacks what {@code action} must return. */
  TencentApiException invalidResponse(
      ApiAction action, String certificateId, String what, JsonNode response) {
    return failures.invalidResponse(action, certificateId, what, response);
  }

  /**
   * Takes the account's next request slot and waits until shortly before it. Queueing for the rate
   * limit happens here, before a call starts, so it never eats the call's time budget: a caller
   * that records a request before sending it (ReplaceCertificate) takes its turn first, and every
   * other call takes one itself.
   *
   * @throws TencentApiException {@link ErrorClass#NOT_SENT} when no slot can be had (the shared
   *     limit lives in the database)
   */
  public Turn awaitTurn() {
    long slot;
    try {
      slot = limiter.reserve();
    } catch (RuntimeException noSlot) {
      throw failures.failure(
          null,
          null,
          LocalCode.NOT_SENT,
          "cannot take a slot of the account's rate limit: " + noSlot.getMessage(),
          null,
          noSlot);
    }
    long early = slot - Throttle.LEAD.toNanos() - System.nanoTime();
    if (early > 0) {
      try {
        TimeUnit.NANOSECONDS.sleep(early);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    return new Turn(slot);
  }

  JsonNode call(ApiAction action, String certificateId, Object request) {
    return call(action, certificateId, request, null);
  }

  JsonNode call(ApiAction action, String certificateId, Object request, Turn taken) {
    Turn turn = taken == null ? awaitTurn() : taken;
    long started = System.nanoTime();
    String code = "OK";
    try {
      return exchange(action, certificateId, request, turn);
    } catch (TencentApiException failed) {
      code = failed.code();
      throw failed;
    } finally {
      try {
        observer.completed(account(), action, code, Duration.ofNanos(System.nanoTime() - started));
      } catch (RuntimeException ignored) {
        // metrics never break a call
      }
    }
  }

  private JsonNode exchange(ApiAction action, String certificateId, Object request, Turn turn) {
    String body;
    try {
      body = JSON.writeValueAsString(request);
    } catch (JsonProcessingException impossible) {
      throw new IllegalStateException("cannot write " + action + " request", impossible);
    }
    String answer;
    try (SendGuard.Attempt attempt = SendGuard.begin(turn)) {
      try {
        answer = sdk.call(action.apiName(), body);
      } catch (TencentCloudSDKException e) {
        throw failures.translate(action, certificateId, e, attempt.sent());
      } catch (RuntimeException e) {
        // The SDK dereferences the parsed body without checks: "{}" or "" ends here.
        throw failures.failure(
            action,
            certificateId,
            attempt.sent() ? LocalCode.INVALID_RESPONSE : LocalCode.NOT_SENT,
            e.toString(),
            null,
            e);
      }
    }
    JsonNode response;
    try {
      response = JSON.readTree(answer).path("Response");
    } catch (JsonProcessingException notJson) {
      throw failures.invalidResponse(action, certificateId, "the answer is not JSON", null);
    }
    if (!response.isObject()) {
      throw failures.invalidResponse(
          action, certificateId, "the answer has no Response object", null);
    }
    log.debug(
        "account {}: {} {} answered, RequestId {}",
        account(),
        action,
        certificateId == null ? "" : certificateId,
        JsonFields.text(response, "RequestId"));
    return response;
  }
}
