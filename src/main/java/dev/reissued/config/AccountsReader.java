package dev.reissued.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Maps {@code accounts} to {@link AccountConfig}s. */
final class AccountsReader {
  private AccountsReader() {}

  /**
   * Every account, or an empty list when one could not be built (its problems are reported), or
   * null when the key is absent: {@link ReissuedConfig} says that one is required.
   */
  static List<AccountConfig> read(ConfigNode node) {
    if (!node.isPresent()) {
      return null;
    }
    return NamedElements.read(node, AccountsReader::account, ReissuedConfig::accountNameClashes);
  }

  private static Optional<AccountConfig> account(ConfigNode node, String name) {
    if (!node.expectObject(
            "name",
            "secretId",
            "secretKey",
            "secretKeyFile",
            "endpoint",
            "region",
            "requestsPerSecond",
            "timeouts")
        && node.isPresent()) {
      return Optional.empty();
    }
    String secretId = node.get("secretId").text().orElse(null);
    Secrets.Read secretKey = Secrets.read(node, "secretKey", "secretKeyFile");
    URI endpoint = endpoint(node.get("endpoint"));
    String region = node.get("region").text().orElse("");
    double requestsPerSecond =
        node.get("requestsPerSecond").decimal().orElse(ApiEndpoint.DEFAULT_REQUESTS_PER_SECOND);
    ConfigNode timeouts = node.get("timeouts");
    timeouts.expectObject("connect", "read");
    Duration connect =
        timeouts.get("connect").duration().orElse(ApiEndpoint.DEFAULT_CONNECT_TIMEOUT);
    Duration read = timeouts.get("read").duration().orElse(ApiEndpoint.DEFAULT_READ_TIMEOUT);
    return node.build(
        () ->
            new AccountConfig(
                name,
                secretId,
                secretKey.value(),
                endpoint,
                region,
                requestsPerSecond,
                connect,
                read),
        secretKey.keys());
  }

  /** The default when absent; null when it cannot be read as a URI (reported). */
  private static URI endpoint(ConfigNode node) {
    if (!node.isPresent()) {
      return ApiEndpoint.DEFAULT;
    }
    Optional<String> text = node.text();
    if (text.isEmpty()) {
      return null;
    }
    try {
      return new URI(text.get().trim());
    } catch (URISyntaxException malformed) {
      node.error("'" + text.get() + "' is not a URL: " + malformed.getReason());
      return null;
    }
  }
}
