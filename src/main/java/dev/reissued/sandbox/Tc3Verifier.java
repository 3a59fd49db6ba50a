package dev.reissued.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks a request's TC3-HMAC-SHA256 signature the way Tencent Cloud does, answering the same
 * {@code AuthFailure.*} codes. The credential scope's service may be {@code ssl} or the first label
 * of the Host header: the SDK derives it from the endpoint, so for {@code 127.0.0.1:PORT} it signs
 * with service {@code 127}.
 */
final class Tc3Verifier {
  static final String ALGORITHM = "TC3-HMAC-SHA256";
  static final Duration MAX_SKEW = Duration.ofSeconds(300);

  private static final Pattern AUTHORIZATION =
      Pattern.compile(
          "TC3-HMAC-SHA256\\s+Credential=([^/,\\s]+)/(\\d{4}-\\d{2}-\\d{2})/([^/,\\s]+)/tc3_request,"
              + "\\s*SignedHeaders=([a-z0-9;-]+),\\s*Signature=([0-9a-f]{64})\\s*");
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

  private final Map<String, String> keysById;

  Tc3Verifier(Map<String, String> keysById) {
    this.keysById = Map.copyOf(keysById);
  }

  /** The SecretId that signed the request, or a {@link SandboxError} saying why it is refused. */
  String verify(HttpRequest request, Instant now) {
    String authorization = request.header("authorization");
    if (authorization == null || authorization.isBlank()) {
      throw new SandboxError("AuthFailure.SignatureFailure", "The request is not signed.");
    }
    Matcher matcher = AUTHORIZATION.matcher(authorization);
    if (!matcher.matches()) {
      throw new SandboxError(
          "AuthFailure.InvalidAuthorization", "The Authorization header is malformed.");
    }
    String secretId = matcher.group(1);
    String date = matcher.group(2);
    String service = matcher.group(3);
    String signedHeaders = matcher.group(4);
    String signature = matcher.group(5);

    long timestamp;
    try {
      timestamp = Long.parseLong(String.valueOf(request.header("x-tc-timestamp")).strip());
    } catch (NumberFormatException e) {
      throw new SandboxError("AuthFailure.SignatureFailure", "X-TC-Timestamp is missing or bad.");
    }
    if (Math.abs(now.getEpochSecond() - timestamp) > MAX_SKEW.getSeconds()) {
      throw new SandboxError(
          "AuthFailure.SignatureExpire",
          "Signature expired: the request timestamp "
              + timestamp
              + " is more than 300 seconds from the server time "
              + now.getEpochSecond()
              + ".");
    }
    String secretKey = keysById.get(secretId);
    if (secretKey == null) {
      throw new SandboxError("AuthFailure.SecretIdNotFound", "The SecretId is not found.");
    }
    if (!date.equals(DATE.format(Instant.ofEpochSecond(timestamp)))) {
      throw new SandboxError(
          "AuthFailure.SignatureFailure", "The credential date does not match X-TC-Timestamp.");
    }
    String host = String.valueOf(request.header("host"));
    if (!service.equals("ssl") && !service.equals(host.split("\\.")[0])) {
      throw new SandboxError(
          "AuthFailure.SignatureFailure", "The credential scope names service " + service + ".");
    }
    if (!(";" + signedHeaders + ";").contains(";content-type;")
        || !(";" + signedHeaders + ";").contains(";host;")) {
      throw new SandboxError(
          "AuthFailure.SignatureFailure", "SignedHeaders must include content-type and host.");
    }

    StringBuilder canonicalHeaders = new StringBuilder();
    for (String name : signedHeaders.split(";")) {
      String value = request.header(name);
      if (value == null) {
        throw new SandboxError(
            "AuthFailure.SignatureFailure", "Signed header " + name + " is missing.");
      }
      canonicalHeaders
          .append(name)
          .append(':')
          .append(value.strip().toLowerCase(Locale.ROOT))
          .append('\n');
    }
    String payloadHash =
        "UNSIGNED-PAYLOAD".equals(request.header("x-tc-content-sha256"))
            ? sha256Hex("UNSIGNED-PAYLOAD".getBytes(StandardCharsets.UTF_8))
            : sha256Hex(request.body());
    String canonicalRequest =
        request.method() + "\n/\n\n" + canonicalHeaders + "\n" + signedHeaders + "\n" + payloadHash;
    String expected = sign(secretKey, date, service, timestamp, canonicalRequest);
    if (!MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.US_ASCII),
        signature.getBytes(StandardCharsets.US_ASCII))) {
      throw new SandboxError(
          "AuthFailure.SignatureFailure",
          "The provided credentials could not be validated. Please check your signature is"
              + " correct.");
    }
    return secretId;
  }

  static String sign(
      String secretKey, String date, String service, long timestamp, String canonicalRequest) {
    String scope = date + "/" + service + "/tc3_request";
    String stringToSign =
        ALGORITHM
            + "\n"
            + timestamp
            + "\n"
            + scope
            + "\n"
            + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
    byte[] secretDate = hmac(("TC3" + secretKey).getBytes(StandardCharsets.UTF_8), date);
    byte[] secretService = hmac(secretDate, service);
    byte[] secretSigning = hmac(secretService, "tc3_request");
    return HexFormat.of().formatHex(hmac(secretSigning, stringToSign));
  }

  static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }
}
