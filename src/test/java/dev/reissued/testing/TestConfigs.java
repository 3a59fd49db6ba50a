package dev.reissued.testing;

import dev.reissued.config.ConfigLoader;
import dev.reissued.config.ReissuedConfig;
import dev.reissued.keys.MasterKey;
import dev.reissued.sandbox.Sandbox;
import dev.reissued.sandbox.SandboxOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;

/** Configuration files for tests, pointing at a test database and a sandbox. */
public final class TestConfigs {
  private TestConfigs() {}

  /** Writes master.key and reissued.yaml into {@code directory}; {@code extra} is appended YAML. */
  public static Path write(Path directory, String jdbcUrl, Sandbox sandbox, String extra) {
    return write(
        directory, jdbcUrl, sandbox, Duration.ofSeconds(2), Duration.ofSeconds(5), 10, extra);
  }

  /**
   * As {@link #write(Path, String, Sandbox, String)} with the account's connect and read timeouts,
   * which set how long an unanswered request must settle before it is known to have done nothing,
   * and its request rate, which sets how long a pass over a backlog lasts.
   */
  public static Path write(
      Path directory,
      String jdbcUrl,
      Sandbox sandbox,
      Duration connectTimeout,
      Duration readTimeout,
      double requestsPerSecond,
      String extra) {
    return write(
        directory,
        jdbcUrl,
        sandbox.endpoint(),
        connectTimeout,
        readTimeout,
        requestsPerSecond,
        extra);
  }

  /**
   * The same with the account's endpoint at {@code endpoint}: the sandbox behind something, such as
   * a relay that makes its answers late.
   */
  public static Path write(
      Path directory,
      String jdbcUrl,
      URI endpoint,
      Duration connectTimeout,
      Duration readTimeout,
      double requestsPerSecond,
      String extra) {
    try {
      masterKey(directory);
      Path config = directory.resolve("reissued.yaml");
      Files.writeString(
          config,
          """
          database: { url: "%s" }
          accounts:
            - name: main
              secretId: %s
              secretKey: %s
              endpoint: %s
              requestsPerSecond: %s
              timeouts: { connect: %ds, read: %ds }
          keys: { masterKeyFile: master.key }
          %s
          """
              .formatted(
                  jdbcUrl,
                  SandboxOptions.DEFAULT_SECRET_ID,
                  SandboxOptions.DEFAULT_SECRET_KEY,
                  endpoint,
                  requestsPerSecond,
                  connectTimeout.toSeconds(),
                  readTimeout.toSeconds(),
                  extra));
      return config;
    } catch (IOException failure) {
      throw new UncheckedIOException(failure);
    }
  }

  /** {@code directory/master.key} (0600), made unless it exists. */
  public static Path masterKey(Path directory) {
    Path masterKey = directory.resolve("master.key");
    try {
      if (!Files.exists(masterKey)) {
        Files.createFile(
            masterKey,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(masterKey, MasterKey.generateBase64());
      }
      return masterKey;
    } catch (IOException failure) {
      throw new UncheckedIOException(failure);
    }
  }

  public static ReissuedConfig load(Path config) {
    return new ConfigLoader(Map.of("HOME", "/tmp")::get).load(config);
  }
}
