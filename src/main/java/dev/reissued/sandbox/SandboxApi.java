package dev.reissued.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request through the sandbox, in the order the real API would meet it: signature, parsing,
 * counting, rate limit, busy fault, the action's rules, and last the answer fault. A
 * ReplaceCertificate (by CertificateId), ApplyCertificate (by OldCertificateId) and
 * UpdateCertificateInstance (per certificate pair) is counted as received right after its signature
 * and body check, before any fault is decided, so tests can assert exactly how many arrived.
 */
final class SandboxApi implements Function<HttpRequest, Reply> {
  static final String VERSION = "2019-12-05";
  private static final Logger log = LoggerFactory.getLogger(SandboxApi.class);

  private final SandboxStore store;
  private final SandboxCloud cloud;
  private final Tc3Verifier verifier;
  private final Clock clock;
  private final Random random;
  private final RateWindow rateWindow = new RateWindow();
  private final RequestCounts replaces = new RequestCounts();
  private final RequestCounts applies = new RequestCounts();
  private final AtomicLong served = new AtomicLong();
  private volatile int rateLimit;
  private volatile double busyRate;
  private volatile AnswerFault answerFault = AnswerFault.LOST;
  private volatile double answerFaultRate;
  private final Map<String, java.util.Queue<SandboxError>> refusals = new ConcurrentHashMap<>();
  private final Map<String, java.util.Queue<String>> cannedAnswers = new ConcurrentHashMap<>();

  SandboxApi(SandboxStore store, SandboxCloud cloud, Tc3Verifier verifier, Clock clock, long seed) {
    this.store = store;
    this.cloud = cloud;
    this.verifier = verifier;
    this.clock = clock;
    this.random = new Random(seed ^ 0x5eed5eedL);
  }

  void setRateLimit(int limit) {
    this.rateLimit = limit;
  }

  void setBusyRate(double rate) {
    this.busyRate = rate;
  }

  void setAnswerFault(AnswerFault fault, double rate) {
    this.answerFault = fault;
    this.answerFaultRate = rate;
  }

  /** Answers the next request of {@code action} with this error, as the real API would. */
  void refuseNext(String action, String code, String message) {
    refusals
        .computeIfAbsent(action, key -> new java.util.concurrent.ConcurrentLinkedQueue<>())
        .add(new SandboxError(code, message));
  }

  /** Answers the next request of {@code action} with this Response object, verbatim. */
  void answerNext(String action, String responseJson) {
    cannedAnswers
        .computeIfAbsent(action, key -> new java.util.concurrent.ConcurrentLinkedQueue<>())
        .add(responseJson);
  }

  /** ReplaceCertificate: counted by CertificateId; accepted once past the busy fault. */
  RequestCounts replaces() {
    return replaces;
  }

  /** ApplyCertificate: counted by OldCertificateId; accepted once a certificate was made. */
  RequestCounts applies() {
    return applies;
  }

  long served() {
    return served.get();
  }

  @Override
  public Reply apply(HttpRequest request) {
    served.incrementAndGet();
    String requestId = UUID.randomUUID().toString();
    try {
      return handle(request, requestId);
    } catch (SandboxError error) {
      return error(error, requestId);
    } catch (RuntimeException bug) {
      log.error("sandbox: request failed unexpectedly", bug);
      return error(new SandboxError("InternalError", "The sandbox failed: " + bug), requestId);
    }
  }

  private Reply handle(HttpRequest request, String requestId) {
    if (!"POST".equals(request.method())) {
      throw new SandboxError("UnsupportedProtocol", "Only POST is supported.");
    }
    // Signatures are checked against real time: the SDK stamps requests with the system clock,
    // while the injected clock (certificate validity, issue delay) may be set anywhere by tests.
    String secretId = verifier.verify(request, Instant.now());
    Instant now = clock.instant();
    String action = request.header("x-tc-action");
    if (action == null || action.isBlank()) {
      throw new SandboxError("MissingParameter", "The request is missing X-TC-Action.");
    }
    JsonNode body;
    try {
      body = CertificateJson.JSON.readTree(new String(request.body(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new SandboxError("InvalidParameter", "The request body is not valid JSON.");
    }
    if (body == null || !body.isObject()) {
      throw new SandboxError("InvalidParameter", "The request body must be a JSON object.");
    }
    String certificateId = null;
    RequestCounts counts =
        switch (action) {
          case "ReplaceCertificate" -> replaces;
          case "ApplyCertificate" -> applies;
          default -> null;
        };
    if (counts != null) {
      JsonNode id = body.get(counts == replaces ? "CertificateId" : "OldCertificateId");
      certificateId = id == null || !id.isValueNode() || id.asText().isBlank() ? null : id.asText();
      if (certificateId != null) {
        counts.countReceived(certificateId);
      }
    }
    cloud.received(action, body);
    java.util.Queue<String> canned = cannedAnswers.get(action);
    String cannedAnswer = canned == null ? null : canned.poll();
    if (cannedAnswer != null) {
      return Reply.Answer.json("{\"Response\":" + cannedAnswer + "}");
    }
    java.util.Queue<SandboxError> refusal = refusals.get(action);
    SandboxError scripted = refusal == null ? null : refusal.poll();
    if (scripted != null) {
      throw scripted;
    }
    if (!rateWindow.tryAcquire(secretId, rateLimit, request.arrivedNanos())) {
      throw new SandboxError(
          "RequestLimitExceeded", "Your request rate exceeds " + rateLimit + " per second.");
    }
    String version = request.header("x-tc-version");
    if (!VERSION.equals(version)) {
      throw new SandboxError("NoSuchVersion", "The API version " + version + " does not exist.");
    }
    switch (action) {
      case "DescribeCertificates":
        return success(store.describe(body, now), requestId);
      case "DescribeCertificateDetail":
        return success(store.detail(body, now), requestId);
      case "DownloadCertificate":
        return success(store.download(body, now), requestId);
      case "ReplaceCertificate":
        return replace(body, certificateId, now, requestId);
      case "UpdateCertificateInstance":
        // Moving resources is carried out before the answer, which may then be lost like a
        // re-issue's: the task exists either way.
        return withAnswerFault(answer(() -> cloud.handle(action, body), requestId), action);
      case "ApplyCertificate":
        return apply(body, certificateId, now, requestId);
      case "CompleteCertificate":
        return success(store.complete(body, now), requestId);
      case "CheckCertificateDomainVerification":
        return success(store.checkVerification(body, now), requestId);
      default:
        if (SandboxCloud.ACTIONS.contains(action)) {
          return success(cloud.handle(action, body), requestId);
        }
        throw new SandboxError("InvalidAction", "The action " + action + " does not exist.");
    }
  }

  private Reply replace(JsonNode body, String certificateId, Instant now, String requestId) {
    if (chance(busyRate)) {
      throw new SandboxError("FailedOperation.NetworkError", "The CA is busy; try again later.");
    }
    if (certificateId != null) {
      replaces.countAccepted(certificateId);
    }
    Reply answer =
        answer(
            () -> {
              String newId = store.replace(body, now);
              ObjectNode response = CertificateJson.JSON.createObjectNode();
              response.put("CertificateId", newId);
              log.info("sandbox: re-issued {} as {}", certificateId, newId);
              return response;
            },
            requestId);
    return withAnswerFault(answer, "ReplaceCertificate of " + certificateId);
  }

  /**
   * ApplyCertificate, with the faults of an action that makes a certificate: a busy answer before
   * anything happens, then the rules (the new id, or the API's refusal), then the answer fault,
   * after the certificate was made and the quota used.
   */
  private Reply apply(JsonNode body, String oldCertificateId, Instant now, String requestId) {
    if (chance(busyRate)) {
      throw new SandboxError("FailedOperation.NetworkError", "The CA is busy; try again later.");
    }
    Reply answer =
        answer(
            () -> {
              String newId = store.apply(body, now);
              if (oldCertificateId != null) {
                applies.countAccepted(oldCertificateId);
              }
              ObjectNode response = CertificateJson.JSON.createObjectNode();
              response.put("CertificateId", newId);
              log.info("sandbox: applied for {} renewing {}", newId, oldCertificateId);
              return response;
            },
            requestId);
    return withAnswerFault(answer, "ApplyCertificate renewing " + oldCertificateId);
  }

  /** The action's answer or its error, as it would leave the server. */
  private static Reply answer(Supplier<ObjectNode> action, String requestId) {
    try {
      return success(action.get(), requestId);
    } catch (SandboxError refused) {
      return error(refused, requestId);
    }
  }

  /** The answer, or with the answer fault's rate the fault in its place. */
  private Reply withAnswerFault(Reply answer, String what) {
    if (!chance(answerFaultRate)) {
      return answer;
    }
    log.info("sandbox: {} answered with fault {}", what, answerFault);
    return switch (answerFault) {
      case LOST -> new Reply.Drop();
      case HANG -> new Reply.Hang();
      case HTTP_502 ->
          new Reply.Answer(
              502,
              "Bad Gateway",
              "text/html",
              "<html><body>502 Bad Gateway</body></html>".getBytes(StandardCharsets.UTF_8),
              null);
      case HTTP_503_RETRY_NOW ->
          new Reply.Answer(
              503,
              "Service Unavailable",
              "text/html",
              "<html><body>503 Service Unavailable</body></html>".getBytes(StandardCharsets.UTF_8),
              "0");
      case NOT_JSON ->
          new Reply.Answer(
              200,
              "OK",
              "text/html",
              "<html><body>maintenance</body></html>".getBytes(StandardCharsets.UTF_8),
              null);
    };
  }

  private boolean chance(double rate) {
    if (rate <= 0) {
      return false;
    }
    synchronized (random) {
      return random.nextDouble() < rate;
    }
  }

  private static Reply success(ObjectNode response, String requestId) {
    response.put("RequestId", requestId);
    ObjectNode root = CertificateJson.JSON.createObjectNode();
    root.set("Response", response);
    return Reply.Answer.json(root.toString());
  }

  private static Reply error(SandboxError error, String requestId) {
    ObjectNode root = CertificateJson.JSON.createObjectNode();
    ObjectNode response = root.putObject("Response");
    ObjectNode detail = response.putObject("Error");
    detail.put("Code", error.code());
    detail.put("Message", error.getMessage());
    response.put("RequestId", requestId);
    return Reply.Answer.json(root.toString());
  }
}
