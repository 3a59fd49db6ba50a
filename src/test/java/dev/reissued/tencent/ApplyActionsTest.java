package dev.reissued.tencent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.reissued.config.ValidType;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client side of ApplyCertificate, CompleteCertificate and CheckCertificateDomainVerification
 * against answers the sandbox would never give: a stub server that answers whatever the test says,
 * to the client's real, signed requests.
 */
class ApplyActionsTest {
  private static final AtomicInteger ACCOUNTS = new AtomicInteger();
  private static final String PASSWORD = "Pw-echo-91Xq";

  private HttpServer server;
  private final AtomicReference<String> answer = new AtomicReference<>();
  private final List<String> requests = Collections.synchronizedList(new ArrayList<>());

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  /** Actions on a client whose every request is answered {@code json} with HTTP 200. */
  private ApplyActions answering(String json) {
    answer.set(json);
    if (server == null) {
      try {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      server.createContext(
          "/",
          exchange -> {
            requests.add(
                exchange.getRequestHeaders().getFirst("X-TC-Action")
                    + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] body = answer.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
          });
      server.start();
    }
    return new ApplyActions(
        TencentClient.create(
            ClientSettings.of("stub-" + ACCOUNTS.incrementAndGet(), "AKIDstub", "stub-key")
                .withEndpoint(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .withRequestsPerSecond(1000)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5))));
  }

  private static ApplyCertificateRequest renewal() {
    return ApplyCertificateRequest.renewal(
        "old00001", "www.example.com", ValidType.DNS, ApplyKey.ECC_P256, PASSWORD);
  }

  private static TencentApiException failure(Runnable call) {
    return catchThrowableOfType(TencentApiException.class, call::run);
  }

  private static String stackTrace(Throwable error) {
    StringWriter text = new StringWriter();
    error.printStackTrace(new PrintWriter(text));
    return text.toString();
  }

  @Test
  void an_application_sends_exactly_the_api_fields_and_answers_the_new_id() throws Exception {
    ApplyActions actions =
        answering("{\"Response\":{\"CertificateId\":\"new00001\",\"RequestId\":\"r-1\"}}");
    ApplyCertificateResponse response =
        actions.applyCertificate(renewal().withAlias("shop").withProjectId(7L));

    assertThat(response).isEqualTo(new ApplyCertificateResponse("new00001", "r-1"));
    assertThat(requests).hasSize(1);
    assertThat(requests.get(0)).startsWith("ApplyCertificate {");
    JsonNode sent =
        new ObjectMapper().readTree(requests.get(0).substring("ApplyCertificate ".length()));
    List<String> fields = new ArrayList<>();
    sent.fieldNames().forEachRemaining(fields::add);
    assertThat(fields)
        .containsExactlyInAnyOrder(
            "DvAuthMethod",
            "DomainName",
            "ProjectId",
            "PackageType",
            "ValidityPeriod",
            "CsrEncryptAlgo",
            "CsrKeyParameter",
            "CsrKeyPassword",
            "Alias",
            "OldCertificateId");
    assertThat(sent.get("DvAuthMethod").asText()).isEqualTo("DNS");
    assertThat(sent.get("ProjectId").isIntegralNumber()).isTrue();
    assertThat(sent.get("PackageType").asText()).isEqualTo("83");
    assertThat(sent.get("ValidityPeriod").asText()).isEqualTo("3");
    assertThat(sent.get("CsrEncryptAlgo").asText()).isEqualTo("ECC");
    assertThat(sent.get("CsrKeyParameter").asText()).isEqualTo("prime256v1");
    assertThat(sent.get("CsrKeyPassword").asText()).isEqualTo(PASSWORD);
    assertThat(sent.get("OldCertificateId").asText()).isEqualTo("old00001");
  }

  @Test
  void the_password_never_shows_in_the_request_text() {
    ApplyCertificateRequest request = renewal();
    assertThat(request.toString())
        .doesNotContain(PASSWORD)
        .contains(
            "CsrKeyPassword=<masked>", "OldCertificateId=old00001", "DomainName=www.example.com");
    assertThat(
            ApplyCertificateRequest.renewal(
                    "old00001", "www.example.com", ValidType.DNS_AUTO, ApplyKey.RSA_2048, null)
                .toString())
        .contains("CsrKeyPassword=null");
  }

  @Test
  void an_error_answer_that_echoes_the_password_has_it_masked_and_keeps_its_class()
      throws Exception {
    ApplyActions actions =
        answering(
            "{\"Response\":{\"Error\":{\"Code\":\"FailedOperation.InvalidParam\",\"Message\":"
                + "\"CsrKeyPassword "
                + PASSWORD
                + " is too weak\"},\"RequestId\":\"r-2\"}}");
    TencentApiException error = failure(() -> actions.applyCertificate(renewal()));

    assertThat(error.code()).isEqualTo("FailedOperation.InvalidParam");
    assertThat(error.errorClass()).isEqualTo(ErrorClass.TERMINAL);
    assertThat(error.requestId()).isEqualTo("r-2");
    assertThat(error.certificateId()).isEqualTo("old00001");
    assertThat(error.getMessage()).contains("CsrKeyPassword <masked> is too weak");
    assertThat(stackTrace(error)).doesNotContain(PASSWORD);
    assertThat(error.toString()).doesNotContain(PASSWORD);
  }

  @Test
  void an_answer_without_a_usable_new_id_is_invalid_and_leaves_the_application_unknown()
      throws Exception {
    for (String body :
        List.of(
            "{\"Response\":{\"RequestId\":\"r-3\"}}",
            "{\"Response\":{\"CertificateId\":null,\"RequestId\":\"r-3\"}}",
            "{\"Response\":{\"CertificateId\":\"  \",\"RequestId\":\"r-3\"}}",
            "{\"Response\":{\"CertificateId\":12345,\"RequestId\":\"r-3\"}}",
            "{\"Response\":{\"CertificateId\":{\"Id\":\"x\"},\"RequestId\":\"r-3\"}}")) {
      ApplyActions actions = answering(body);
      TencentApiException error = failure(() -> actions.applyCertificate(renewal()));

      assertThat(error.code()).as(body).isEqualTo(LocalCode.INVALID_RESPONSE);
      assertThat(error.errorClass()).as(body).isEqualTo(ErrorClass.OUTCOME_UNKNOWN);
      assertThat(error.requestId()).as(body).isEqualTo("r-3");
      assertThat(error.getMessage())
          .as(body)
          .contains("ApplyCertificate of certificate old00001", "new CertificateId")
          .doesNotContain(PASSWORD);
    }
    assertThat(
            failure(
                    () ->
                        answering("{\"Response\":{\"CertificateId\":7}}")
                            .applyCertificate(renewal()))
                .getMessage())
        .contains("is a number, not an id");
  }

  @Test
  void a_verification_answer_that_is_not_an_array_of_objects_is_refused_with_what_was_wrong()
      throws Exception {
    TencentApiException object =
        failure(
            () ->
                answering("{\"Response\":{\"VerificationResults\":{\"Domain\":\"a\"}}}")
                    .checkCertificateDomainVerification("cert0001"));
    assertThat(object.code()).isEqualTo(LocalCode.INVALID_RESPONSE);
    assertThat(object.errorClass()).isEqualTo(ErrorClass.RETRYABLE);
    assertThat(object.getMessage())
        .contains(
            "CheckCertificateDomainVerification of certificate cert0001",
            "VerificationResults is an object, not an array");

    TencentApiException element =
        failure(
            () ->
                answering("{\"Response\":{\"VerificationResults\":[{\"Domain\":\"a\"},\"oops\"]}}")
                    .checkCertificateDomainVerification("cert0001"));
    assertThat(element.getMessage()).contains("VerificationResults[1] is a string, not an object");

    TencentApiException notJson =
        failure(() -> answering("<html>busy</html>").checkCertificateDomainVerification("c1"));
    assertThat(notJson.code()).isEqualTo(LocalCode.INVALID_RESPONSE);
    assertThat(notJson.errorClass()).isEqualTo(ErrorClass.RETRYABLE);
  }

  @Test
  void odd_verification_values_are_read_leniently_and_explained() throws Exception {
    CheckCertificateDomainVerificationResponse response =
        answering(
                "{\"Response\":{\"VerificationResults\":["
                    + "{\"Domain\":\"www.example.com\",\"VerifyType\":\"DNS\",\"LocalCheck\":\"-2\","
                    + "\"CaCheck\":-1,\"LocalCheckFailReason\":\"txt record not match\","
                    + "\"CheckValue\":\"abc\",\"Frequently\":\"false\",\"Issued\":0},"
                    + "{\"Domain\":\"example.com\",\"LocalCheck\":\"soon\",\"CheckValue\":[1,null,\"x\"]},"
                    + "{\"LocalCheck\":1,\"CaCheck\":2,\"Issued\":true}"
                    + "],\"RequestId\":\"r-4\"}}")
            .checkCertificateDomainVerification("cert0001");

    assertThat(response.certificateId()).isEqualTo("cert0001");
    assertThat(response.requestId()).isEqualTo("r-4");
    assertThat(response.allPassed()).isFalse();
    assertThat(response.failing()).hasSize(2);
    DomainValidationResult mismatch = response.verificationResults().get(0);
    assertThat(mismatch.localCheck()).isEqualTo(-2L);
    assertThat(mismatch.localCheckExplained()).isEqualTo("TXT record does not match");
    assertThat(mismatch.checkValue()).containsExactly("abc");
    assertThat(mismatch.frequently()).isFalse();
    assertThat(mismatch.issued()).isFalse();
    DomainValidationResult unreadable = response.verificationResults().get(1);
    assertThat(unreadable.localCheck()).isNull();
    assertThat(unreadable.localCheckPassed()).isFalse();
    assertThat(unreadable.localCheckExplained()).isEqualTo("no readable LocalCheck in the answer");
    assertThat(unreadable.checkValue()).containsExactly("1", "x");
    DomainValidationResult nameless = response.verificationResults().get(2);
    assertThat(nameless.domain()).isNull();
    assertThat(nameless.localCheckPassed()).isTrue();
    assertThat(nameless.caCheckPassed()).isTrue();

    CheckCertificateDomainVerificationResponse none =
        answering("{\"Response\":{\"VerificationResults\":null,\"RequestId\":\"r-5\"}}")
            .checkCertificateDomainVerification("cert0001");
    assertThat(none.verificationResults()).isEmpty();
    assertThat(none.allPassed()).isFalse();
  }

  @Test
  void a_completion_answer_without_an_id_still_counts_for_the_certificate_asked_about()
      throws Exception {
    assertThat(answering("{\"Response\":{\"RequestId\":\"r-6\"}}").completeCertificate("cert0001"))
        .isEqualTo(new CompleteCertificateResponse("cert0001", "r-6"));
    assertThat(requests.get(0)).isEqualTo("CompleteCertificate {\"CertificateId\":\"cert0001\"}");
    assertThatThrownBy(() -> answering("{}").completeCertificate(" "))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void every_local_check_code_is_explained_in_words() {
    assertThat(DomainValidationResult.explainLocalCheck(1L)).isEqualTo("the record is in place");
    assertThat(DomainValidationResult.explainLocalCheck(-1L)).contains("TXT record not found");
    assertThat(DomainValidationResult.explainLocalCheck(-2L))
        .isEqualTo("TXT record does not match");
    assertThat(DomainValidationResult.explainLocalCheck(-3L)).isEqualTo("NS record not found");
    assertThat(DomainValidationResult.explainLocalCheck(-8L)).isEqualTo("NS record not found");
    assertThat(DomainValidationResult.explainLocalCheck(-4L))
        .isEqualTo("validation file not found");
    assertThat(DomainValidationResult.explainLocalCheck(-9L))
        .isEqualTo("validation file not found");
    assertThat(DomainValidationResult.explainLocalCheck(-5L))
        .isEqualTo("validation file does not match");
    assertThat(DomainValidationResult.explainLocalCheck(-10L))
        .isEqualTo("validation file does not match");
    assertThat(DomainValidationResult.explainLocalCheck(-6L)).isEqualTo("CNAME record not found");
    assertThat(DomainValidationResult.explainLocalCheck(-7L))
        .isEqualTo("CNAME record does not match");
    assertThat(DomainValidationResult.explainLocalCheck(-11L))
        .isEqualTo("unknown LocalCheck code -11");
    assertThat(DomainValidationResult.explainLocalCheck(1L << 40))
        .isEqualTo("unknown LocalCheck code " + (1L << 40));
  }

  @Test
  void only_the_two_keys_apply_certificate_makes_can_be_asked_for() {
    assertThat(ApplyKey.of("rsa", null)).isEqualTo(ApplyKey.RSA_2048);
    assertThat(ApplyKey.of("RSA", "2048")).isEqualTo(ApplyKey.RSA_2048);
    assertThat(ApplyKey.of("ECC", "PRIME256V1")).isEqualTo(ApplyKey.ECC_P256);
    assertThatThrownBy(() -> ApplyKey.of("ECC", "secp384r1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("RSA 2048 or ECC prime256v1 keys only, not ECC secp384r1");
    assertThatThrownBy(() -> ApplyKey.of("RSA", "4096"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ApplyKey.of("SM2", null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void a_request_without_method_or_domain_or_with_a_record_deletion_off_dns_auto_is_refused() {
    assertThatThrownBy(
            () ->
                ApplyCertificateRequest.renewal(
                    "old00001", " ", ValidType.DNS, ApplyKey.RSA_2048, PASSWORD))
        .hasMessageContaining("DomainName is required");
    assertThatThrownBy(
            () ->
                ApplyCertificateRequest.renewal(
                    "old00001", "www.example.com", null, ApplyKey.RSA_2048, PASSWORD))
        .hasMessageContaining("DvAuthMethod is required");
    assertThatThrownBy(
            () ->
                ApplyCertificateRequest.renewal(
                    null, "www.example.com", ValidType.DNS, ApplyKey.RSA_2048, PASSWORD))
        .hasMessageContaining("OldCertificateId");
    assertThatThrownBy(
            () ->
                new ApplyCertificateRequest(
                    ValidType.FILE,
                    "www.example.com",
                    null,
                    "83",
                    null,
                    null,
                    "3",
                    "RSA",
                    "2048",
                    null,
                    null,
                    null,
                    null,
                    true))
        .hasMessageContaining("DeleteDnsAutoRecord applies to DvAuthMethod DNS_AUTO only");
  }
}
