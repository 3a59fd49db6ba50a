package dev.reissued.tencent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.tencentcloudapi.common.CommonClient;
import com.tencentcloudapi.common.Credential;
import com.tencentcloudapi.common.exception.TencentCloudSDKException;
import com.tencentcloudapi.common.profile.ClientProfile;
import com.tencentcloudapi.common.profile.HttpProfile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import okhttp3.ConnectionPool;
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
 * {@link SendGuard}). Instances are thread-safe.
 */
public final class TencentClient implements AutoCloseable {
  static final String SSL_SERVICE = "ssl";
  static final String SSL_VERSION = "2019-12-05";

  private static final Logger log = LoggerFactory.getLogger(TencentClient.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PAGE = DescribeCertificatesRequest.MAX_LIMIT;

  /**
   * Far past any account reissued is for (tens to thousands of certificates): a bound on paging
   * that answers alone decide.
   */
  static final long MAX_CERTIFICATES = 100_000;

  /** Pages allowed past what TotalCount needs, for certificates added while paging. */
  static final int EXTRA_PAGES = 3;

  private static final Duration POOL_KEEP_ALIVE = Duration.ofSeconds(30);

  private final ClientSettings settings;
  private final OkHttpClient http;
  private final CommonClient sdk;
  private final Throttle limiter;
  private final ApiObserver observer;

  private TencentClient(ClientSettings settings, Throttle limiter, ApiObserver observer) {
    this.settings = settings;
    this.limiter = limiter;
    this.observer = observer;
    this.http = httpClient(settings, limiter);
    this.sdk =
        new CommonClient(
            SSL_SERVICE,
            SSL_VERSION,
            new Credential(settings.secretId(), settings.secretKey()),
            settings.region(),
            profile(settings, http));
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

  /**
   * Every certificate of the account, paging with the largest page. Stops at {@code TotalCount} or
   * at the first empty page; a certificate seen on two pages (the list shifted while paging) is
   * kept once.
   *
   * <p>Paging is bounded, since the answers decide when it ends: it fails when {@code TotalCount}
   * is negative or above {@value #MAX_CERTIFICATES}, when a page brings no certificate not seen
   * before, or after {@value #EXTRA_PAGES} pages more than the largest {@code TotalCount} needs in
   * pages the size of the first. A pager answering the same page with {@code TotalCount} 2^31-1
   * would otherwise ask forever.
   */
  public List<Certificate> listAllCertificates() {
    List<Certificate> all = new ArrayList<>();
    forEachCertificatePage(all::addAll);
    return all;
  }

  /**
   * The same listing a page at a time: {@code sink} takes each page's certificates not seen on an
   * earlier page, before the next page is asked for, so that a caller can write them and let them
   * go. Only the ids seen are kept. When paging fails, {@code sink} has taken the pages before.
   */
  public void forEachCertificatePage(Consumer<List<Certificate>> sink) {
    Set<String> seen = new HashSet<>();
    int offset = 0;
    long largestTotal = 0;
    int pageSize = PAGE;
    for (int pages = 1; ; pages++) {
      DescribeCertificatesResponse page =
          describeCertificates(DescribeCertificatesRequest.page(offset, PAGE));
      long total = page.totalCount();
      if (total < 0 || total > MAX_CERTIFICATES) {
        throw pagingFailure(
            "the answer at Offset "
                + offset
                + " says TotalCount "
                + total
                + "; reissued pages through at most "
                + MAX_CERTIFICATES
                + " certificates",
            page);
      }
      largestTotal = Math.max(largestTotal, total);
      List<Certificate> news = new ArrayList<>(page.certificates().size());
      for (Certificate certificate : page.certificates()) {
        if (seen.add(certificate.certificateId())) {
          news.add(certificate);
        }
      }
      int returned = page.certificates().size() + page.skipped();
      offset += returned;
      boolean last = returned == 0 || offset >= total;
      if (!last && news.isEmpty()) {
        throw pagingFailure(
            "the page at Offset "
                + (offset - returned)
                + " brings no certificate not seen before ("
                + seen.size()
                + " read, TotalCount "
                + total
                + "): the pager repeats itself",
            page);
      }
      if (!news.isEmpty()) {
        sink.accept(news);
      }
      if (last) {
        return;
      }
      if (pages == 1) {
        // The API may serve fewer than asked per page; the first page says how many it does.
        pageSize = returned;
      }
      long needed = (largestTotal + pageSize - 1) / pageSize;
      if (pages >= needed + EXTRA_PAGES) {
        throw pagingFailure(
            pages
                + " pages read and not done, for TotalCount "
                + largestTotal
                + " in pages of "
                + pageSize
                + " ("
                + needed
                + " needed)",
            page);
      }
    }
  }

  private TencentApiException pagingFailure(String what, DescribeCertificatesResponse page) {
    return failure(
        ApiAction.DESCRIBE_CERTIFICATES,
        null,
        LocalCode.INVALID_RESPONSE,
        "paging does not add up: " + what,
        page.requestId(),
        null);
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
      throw failure(
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
        throw translate(action, certificateId, e, attempt.sent());
      } catch (RuntimeException e) {
        // The SDK dereferences the parsed body without checks: "{}" or "" ends here.
        throw failure(
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
      throw invalidResponse(action, certificateId, "the answer is not JSON", null);
    }
    if (!response.isObject()) {
      throw invalidResponse(action, certificateId, "the answer has no Response object", null);
    }
    log.debug(
        "account {}: {} {} answered, RequestId {}",
        account(),
        action,
        certificateId == null ? "" : certificateId,
        JsonFields.text(response, "RequestId"));
    return response;
  }

  private TencentApiException translate(
      ApiAction action, String certificateId, TencentCloudSDKException e, boolean sent) {
    String code = e.getErrorCode();
    if (code != null && !code.isBlank()) {
      // An answered error (or the SDK's ServerSideError for a non-200 status).
      return failure(action, certificateId, code, e.getMessage(), e.getRequestId(), e);
    }
    if (!sent) {
      return failure(action, certificateId, LocalCode.NOT_SENT, e.getMessage(), null, e);
    }
    AnswerSizeLimit.TooLarge tooLarge = causeOf(e, AnswerSizeLimit.TooLarge.class);
    if (tooLarge != null) {
      return failure(
          action, certificateId, LocalCode.INVALID_RESPONSE, tooLarge.getMessage(), null, e);
    }
    boolean unreadable = causedBy(e, com.google.gson.JsonParseException.class);
    return failure(
        action,
        certificateId,
        unreadable ? LocalCode.INVALID_RESPONSE : LocalCode.NO_ANSWER,
        e.getMessage(),
        null,
        e);
  }

  /** An answer that came back but lacks what {@code action} must return. */
  TencentApiException invalidResponse(
      ApiAction action, String certificateId, String what, JsonNode response) {
    return failure(
        action,
        certificateId,
        LocalCode.INVALID_RESPONSE,
        what,
        response == null ? null : JsonFields.text(response, "RequestId"),
        null);
  }

  private TencentApiException failure(
      ApiAction action,
      String certificateId,
      String code,
      String message,
      String requestId,
      Throwable cause) {
    ErrorClass errorClass = ErrorClass.classify(action, code, cause);
    if (!ErrorClass.recognizes(code)) {
      log.warn(
          "account {}: {} answered the unrecognized error code {} (RequestId {}); treating it as"
              + " {}",
          account(),
          action,
          code,
          requestId,
          errorClass);
    }
    return new TencentApiException(
        account(), action, certificateId, code, message, requestId, errorClass, cause);
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
    return causeOf(e, type) != null;
  }

  private static <T extends Throwable> T causeOf(Throwable e, Class<T> type) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (type.isInstance(cause)) {
        return type.cast(cause);
      }
      if (cause.getCause() == cause) {
        return null;
      }
    }
    return null;
  }

  static OkHttpClient httpClient(ClientSettings settings, Throttle limiter) {
    return new OkHttpClient.Builder()
        .retryOnConnectionFailure(false)
        .followRedirects(false)
        .followSslRedirects(false)
        .connectTimeout(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .readTimeout(settings.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .writeTimeout(settings.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
        // A bound on the whole call: reconciliation's settling period relies on no request of
        // ours still being in flight connect + read timeout + the lead before its slot after it
        // was sent.
        .callTimeout(
            settings.connectTimeout().plus(settings.readTimeout()).plus(Throttle.LEAD).toMillis(),
            TimeUnit.MILLISECONDS)
        // Idle connections are dropped before typical server keep-alive limits (60 s and up), so a
        // request rarely goes out on a connection the server is closing.
        .connectionPool(new ConnectionPool(5, POOL_KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS))
        .addInterceptor(new AnswerSizeLimit(AnswerSizeLimit.MAX_ANSWER_BYTES))
        .addNetworkInterceptor(new SendGuard(limiter))
        .build();
  }

  private static ClientProfile profile(ClientSettings settings, OkHttpClient http) {
    HttpProfile httpProfile = new HttpProfile();
    httpProfile.setEndpoint(settings.hostAndPort());
    httpProfile.setProtocol(settings.plainHttp() ? HttpProfile.REQ_HTTP : HttpProfile.REQ_HTTPS);
    httpProfile.setReqMethod(HttpProfile.REQ_POST);
    // The SDK takes whole seconds; our OkHttp client has the exact values, these only keep the
    // profile truthful should anything read it.
    httpProfile.setConnTimeout(seconds(settings.connectTimeout()));
    httpProfile.setReadTimeout(seconds(settings.readTimeout()));
    httpProfile.setWriteTimeout(seconds(settings.readTimeout()));
    httpProfile.setHttpClient(http);
    ClientProfile profile = new ClientProfile(ClientProfile.SIGN_TC3_256, httpProfile);
    profile.setBackupEndpoint(null);
    return profile;
  }

  static int seconds(Duration duration) {
    long millis = duration.toMillis();
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (millis + 999) / 1000));
  }
}
