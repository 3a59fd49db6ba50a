package dev.reissued.tencent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reissued.config.ApiEndpoint;
import dev.reissued.config.ValidType;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClientSettingsTest {
  @Test
  void defaults_are_tencents_endpoint_ten_per_second_and_finite_timeouts() {
    ClientSettings settings = ClientSettings.of("prod", "AKIDexample", "secret");
    assertThat(settings.endpoint()).isEqualTo(URI.create("https://ssl.tencentcloudapi.com"));
    assertThat(settings.hostAndPort()).isEqualTo("ssl.tencentcloudapi.com");
    assertThat(settings.requestsPerSecond()).isEqualTo(10);
    assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(settings.readTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(settings.region()).isEmpty();
  }

  @Test
  void to_string_masks_the_secret_key() {
    ClientSettings settings = ClientSettings.of("prod", "AKIDexample", "very-secret-key");
    assertThat(settings.toString())
        .contains("AKIDexample", "<masked>")
        .doesNotContain("very-secret-key");
  }

  @Test
  void plain_http_is_only_for_loopback_hosts() {
    ClientSettings base = ClientSettings.of("prod", "AKIDexample", "secret");
    assertThat(base.withEndpoint(URI.create("http://127.0.0.1:9180")).hostAndPort())
        .isEqualTo("127.0.0.1:9180");
    assertThat(base.withEndpoint(URI.create("http://localhost:9180")).plainHttp()).isTrue();
    assertThat(base.withEndpoint(URI.create("http://[::1]:9180")).plainHttp()).isTrue();
    assertThatThrownBy(() -> base.withEndpoint(URI.create("http://ssl.tencentcloudapi.com")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("prod")
        .hasMessageContaining("plain http is allowed only for a loopback host");
    assertThatThrownBy(() -> base.withEndpoint(URI.create("ftp://127.0.0.1")))
        .hasMessageContaining("is not an http(s) URL");
  }

  @Test
  void an_endpoint_with_a_path_query_or_user_info_is_refused_by_the_configurations_own_rule() {
    ClientSettings base = ClientSettings.of("prod", "AKIDexample", "secret");
    for (String endpoint :
        new String[] {
          "https://ssl.tencentcloudapi.com/v3",
          "https://ssl.tencentcloudapi.com/?Action=x",
          "https://ssl.tencentcloudapi.com#top",
          "https://user:hunter2@ssl.tencentcloudapi.com"
        }) {
      URI uri = URI.create(endpoint);
      String expected = "account prod: endpoint " + ApiEndpoint.problem(uri).orElseThrow();

      assertThatThrownBy(() -> base.withEndpoint(uri))
          .as(endpoint)
          .hasMessage(expected)
          .hasMessageContaining("POST /")
          .hasMessageNotContaining("hunter2");
    }
  }

  @Test
  void rates_timeouts_and_credentials_are_checked() {
    ClientSettings base = ClientSettings.of("prod", "AKIDexample", "secret");
    assertThatThrownBy(() -> base.withRequestsPerSecond(0))
        .hasMessageContaining("requestsPerSecond");
    assertThatThrownBy(() -> base.withTimeouts(Duration.ZERO, Duration.ofSeconds(1)))
        .hasMessageContaining("connectTimeout");
    assertThatThrownBy(() -> ClientSettings.of("prod", "AKIDexample", " "))
        .hasMessageContaining("secretKey");
  }

  @Test
  void sdk_timeouts_are_whole_seconds_rounded_up() {
    assertThat(Transport.seconds(Duration.ofMillis(300))).isEqualTo(1);
    assertThat(Transport.seconds(Duration.ofMillis(1001))).isEqualTo(2);
    assertThat(Transport.seconds(Duration.ofSeconds(30))).isEqualTo(30);
  }

  @Test
  void a_replace_request_never_prints_its_csr_key_password() {
    ReplaceCertificateRequest request =
        ReplaceCertificateRequest.online(
            "a91hoLqo", ValidType.DNS_AUTO, "hunter2-pw", "RSA", "2048");
    assertThat(request.toString()).contains("a91hoLqo", "<masked>").doesNotContain("hunter2-pw");
  }

  @Test
  void a_replace_request_serializes_with_the_exact_api_names() throws Exception {
    String json =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .writeValueAsString(
                ReplaceCertificateRequest.online("a91hoLqo", ValidType.DNS, "pw", "RSA", "2048"));
    assertThat(json)
        .contains(
            "\"CertificateId\":\"a91hoLqo\"",
            "\"ValidType\":\"DNS\"",
            "\"CsrType\":\"online\"",
            "\"CsrkeyPassword\":\"pw\"",
            "\"CertCSREncryptAlgo\":\"RSA\"",
            "\"CertCSRKeyParameter\":\"2048\"")
        .doesNotContain("CsrContent");
    assertThatThrownBy(() -> DescribeCertificatesRequest.page(0, 1001))
        .hasMessageContaining("1000");
  }
}
