package dev.reissued.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the data lives. Without {@code url}, reissued starts an embedded PostgreSQL whose files
 * persist in {@code embedded.dataDir}.
 */
public record DatabaseConfig(
    Optional<String> url,
    Optional<String> username,
    Optional<Secret> password,
    Path embeddedDataDir,
    int embeddedPort,
    int poolSize) {

  public boolean isEmbedded() {
    return url.isEmpty();
  }

  /** The URL with any password parameter masked, for logs and check-config. */
  public Optional<String> maskedUrl() {
    return url.map(DatabaseConfig::maskUrl);
  }

  @Override
  public String toString() {
    return "DatabaseConfig[url="
        + maskedUrl().orElse("(embedded)")
        + ", username="
        + username.orElse("")
        + ", password="
        + (password.isPresent() ? Secret.MASK : "")
        + ", embeddedDataDir="
        + embeddedDataDir
        + ", embeddedPort="
        + embeddedPort
        + ", poolSize="
        + poolSize
        + "]";
  }

  static String maskUrl(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1" + Secret.MASK)
        .replaceAll("(//[^/:@]+:)[^@/]*@", "$1" + Secret.MASK + "@");
  }
}
