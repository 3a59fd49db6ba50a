package dev.reissued.config;

import java.nio.file.Path;
import java.util.Optional;

/** Maps {@code database} to a {@link DatabaseConfig}. */
final class DatabaseReader {
  private DatabaseReader() {}

  /** {@code defaultDataDir}: where the embedded database lives unless {@code dataDir} says. */
  static Optional<DatabaseConfig> read(ConfigNode node, Path defaultDataDir) {
    node.expectObject("url", "username", "password", "passwordFile", "embedded", "poolSize");
    Optional<String> url = node.get("url").text().filter(value -> !value.isBlank());
    Optional<String> username = node.get("username").text().filter(value -> !value.isBlank());
    Secrets.Read password = Secrets.read(node, "password", "passwordFile");
    ConfigNode embedded = node.get("embedded");
    embedded.expectObject("dataDir", "port");
    Path dataDir = embedded.get("dataDir").file().orElse(defaultDataDir);
    int port =
        embedded
            .get("port")
            .integer(DatabaseConfig.EMBEDDED_PORTS)
            .orElse(DatabaseConfig.DEFAULT_EMBEDDED_PORT);
    int poolSize =
        node.get("poolSize")
            .integer(DatabaseConfig.POOL_SIZES)
            .orElse(DatabaseConfig.DEFAULT_POOL_SIZE);
    return node.build(
        () ->
            new DatabaseConfig(
                url, username, Optional.ofNullable(password.value()), dataDir, port, poolSize),
        password.keys());
  }
}
