package dev.reissued.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sandbox's wire behaviour, spoken to with a hand-made TC3 signer. */
class SandboxProtocolTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CONTENT_TYPE = "application/json; charset=utf-8";

  private Sandbox sandbox;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    sandbox =
        Sandbox.start(
            SandboxOptions.defaults()
                .withInventory(
                    List.of(SandboxCertificate.builder("free0001", "www.example.com").build())));
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  private JsonNode post(String action, String body, long timestamp, String service, String key)
      throws Exception {
    String host = "127.0.0.1:" + sandbox.port();
    String date =
        DateTimeFormatter.ofPattern("yyyy-MM-dd")
            .withZone(ZoneOffset.UTC)
            .format(Instant.ofEpochSecond(timestamp));
    String canonical =
        "POST\n/\n\ncontent-type:"
            + CONTENT_TYPE
            + "\nhost:"
            + host
            + "\n\ncontent-type;host\n"
            + Tc3Verifier.sha256Hex(body.getBytes(StandardCharsets.UTF_8));
    String signature = Tc3Verifier.sign(key, date, service, timestamp, canonical);
    java.net.http.HttpRequest request =
        java.net.http.HttpRequest.newBuilder(URI.create("http://" + host + "/"))
            .header("Content-Type", CONTENT_TYPE)
            .header(
                "Authorization",
                "TC3-HMAC-SHA256 Credential="
                    + SandboxOptions.DEFAULT_SECRET_ID
                    + "/"
                    + date
                    + "/"
                    + service
                    + "/tc3_request, SignedHeaders=content-type;host, Signature="
                    + signature)
            .header("X-TC-Action", action)
            .header("X-TC-Timestamp", Long.toString(timestamp))
            .header("X-TC-Version", "2019-12-05")
            .header("X-TC-Region", "")
            .POST(BodyPublishers.ofString(body))
            .build();
    HttpResponse<String> response = http.send(request, BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode root = JSON.readTree(response.body()).path("Response");
    assertThat(root.path("RequestId").asText()).isNotBlank();
    return root;
  }

  private JsonNode post(String action, String body) throws Exception {
    return post(
        action, body, Instant.now().getEpochSecond(), "127", SandboxOptions.DEFAULT_SECRET_KEY);
  }

  private static String code(JsonNode response) {
    return response.path("Error").path("Code").asText(null);
  }

  @Test
  void a_correct_signature_with_either_service_name_is_accepted() throws Exception {
    assertThat(code(post("DescribeCertificates", "{}"))).isNull();
    JsonNode withSsl =
        post(
            "DescribeCertificates",
            "{}",
            Instant.now().getEpochSecond(),
            "ssl",
            SandboxOptions.DEFAULT_SECRET_KEY);
    assertThat(withSsl.path("TotalCount").asInt()).isEqualTo(1);
  }

  @Test
  void a_timestamp_more_than_five_minutes_off_is_an_expired_signature() throws Exception {
    long stale = Instant.now().getEpochSecond() - 301;
    assertThat(
            code(
                post(
                    "DescribeCertificates", "{}", stale, "127", SandboxOptions.DEFAULT_SECRET_KEY)))
        .isEqualTo("AuthFailure.SignatureExpire");
    long early = Instant.now().getEpochSecond() + 400;
    assertThat(
            code(
                post(
                    "DescribeCertificates", "{}", early, "127", SandboxOptions.DEFAULT_SECRET_KEY)))
        .isEqualTo("AuthFailure.SignatureExpire");
  }

  @Test
  void a_wrong_key_or_service_is_a_signature_failure() throws Exception {
    long now = Instant.now().getEpochSecond();
    assertThat(code(post("DescribeCertificates", "{}", now, "127", "wrong-key")))
        .isEqualTo("AuthFailure.SignatureFailure");
    assertThat(
            code(post("DescribeCertificates", "{}", now, "cvm", SandboxOptions.DEFAULT_SECRET_KEY)))
        .isEqualTo("AuthFailure.SignatureFailure");
  }

  @Test
  void unknown_actions_bad_json_and_oversized_pages_are_refused() throws Exception {
    assertThat(code(post("DeleteEverything", "{}"))).isEqualTo("InvalidAction");
    assertThat(code(post("DescribeCertificates", "{not json"))).isEqualTo("InvalidParameter");
    assertThat(code(post("DescribeCertificates", "{\"Limit\":1001}")))
        .isEqualTo("InvalidParameter");
    assertThat(code(post("ReplaceCertificate", "{\"CertificateId\":\"free0001\"}")))
        .isEqualTo("MissingParameter");
    assertThat(
            code(
                post(
                    "ReplaceCertificate",
                    "{\"CertificateId\":\"free0001\",\"ValidType\":\"DNS\",\"CsrType\":\"magic\"}")))
        .isEqualTo("InvalidParameter.RenewGenCsrMethodInvalid");
    assertThat(sandbox.replaceRequestsReceived("free0001")).isEqualTo(2);
    assertThat(sandbox.replaceRequestsAccepted("free0001")).isEqualTo(2);
  }

  @Test
  void the_default_page_is_ten_and_csr_type_is_case_insensitive() throws Exception {
    Instant now = Instant.now();
    sandbox.put(
        SandboxCertificate.builder("paid0001", "secure.example.com")
            .paid()
            .validity(
                now.minus(java.time.Duration.ofDays(300)), now.plus(java.time.Duration.ofDays(60)))
            .build());
    for (SandboxCertificate certificate :
        SandboxInventory.synthetic(12, 3, java.time.Clock.systemUTC())) {
      sandbox.put(certificate);
    }
    JsonNode page = post("DescribeCertificates", "{}");
    assertThat(page.path("TotalCount").asInt()).isEqualTo(14);
    assertThat(page.path("Certificates")).hasSize(10);
    JsonNode replaced =
        post(
            "ReplaceCertificate",
            "{\"CertificateId\":\"paid0001\",\"ValidType\":\"dns_auto\",\"CsrType\":\"Original\"}");
    assertThat(replaced.path("CertificateId").asText()).matches("[A-Za-z0-9]{8}");
  }
}
