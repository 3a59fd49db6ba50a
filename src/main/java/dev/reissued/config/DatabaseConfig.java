package dev.reissued.config;

import java.nio.file.Files;
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
  public static final int DEFAULT_EMBEDDED_PORT = 0;
  public static final int DEFAULT_POOL_SIZE = 5;

  /** 0 lets the embedded server pick a free port. */
  public static final IntRange EMBEDDED_PORTS = new IntRange(0, 65535);

  /** The scheduler and the work each hold a connection at times; two is the least that works. */
  public static final IntRange POOL_SIZES = new IntRange(2, 100);

  public DatabaseConfig {
    Complaints complaints = new Complaints();
    url = url == null ? Optional.empty() : url;
    url.flatMap(PostgresUrl::problem).ifPresent(problem -> complaints.add("url", problem));
    username = username == null ? Optional.empty() : username;
    password = password == null ? Optional.empty() : password;
    if (password.isPresent() && password.get().isEmpty()) {
      complaints.add("password", "must not be empty");
    }
    if (complaints.present("embedded.dataDir", embeddedDataDir)
        && url.isEmpty()
        && Files.exists(embeddedDataDir)
        && !Files.isDirectory(embeddedDataDir)) {
      // The embedded server would fail to start on it, after the command began.
      complaints.add("embedded.dataDir", embeddedDataDir + " is not a directory");
    }
    complaints.within("embedded.port", embeddedPort, EMBEDDED_PORTS);
    complaints.within("poolSize", poolSize, POOL_SIZES);
    complaints.throwIfAny(DatabaseConfig.class);
  }

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
