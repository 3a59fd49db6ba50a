package dev.reissued.tencent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    assertThat(settings.connectTimeout()).isPositive();
    assertThat(settings.readTimeout()).isPositive();
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
        .hasMessageContaining("only https");
    assertThatThrownBy(() -> base.withEndpoint(URI.create("ftp://127.0.0.1")))
        .hasMessageContaining("https://");
    assertThatThrownBy(() -> base.withEndpoint(URI.create("https://ssl.tencentcloudapi.com/v3")))
        .hasMessageContaining("POST /");
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
    assertThat(TencentClient.seconds(Duration.ofMillis(300))).isEqualTo(1);
    assertThat(TencentClient.seconds(Duration.ofMillis(1001))).isEqualTo(2);
    assertThat(TencentClient.seconds(Duration.ofSeconds(30))).isEqualTo(30);
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
