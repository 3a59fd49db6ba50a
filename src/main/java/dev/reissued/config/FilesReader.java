package dev.reissued.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Maps the files reissued reads and writes besides its database: {@code keys} and {@code output}.
 */
final class FilesReader {
  private FilesReader() {}

  /** Empty when absent ({@link ReissuedConfig} requires it) or refused (reported). */
  static Optional<KeysConfig> keys(ConfigNode node) {
    if (!node.expectObject("masterKeyFile")) {
      return Optional.empty();
    }
    Path masterKeyFile = node.get("masterKeyFile").file().orElse(null);
    return node.build(() -> new KeysConfig(masterKeyFile));
  }

  static Optional<OutputConfig> output(ConfigNode node) {
    node.expectObject("dir", "deployHook", "hookTimeout");
    Optional<Path> dir = node.get("dir").file();
    Optional<String> hook = node.get("deployHook").text().filter(value -> !value.isBlank());
    Duration timeout = node.get("hookTimeout").duration().orElse(OutputConfig.DEFAULT_HOOK_TIMEOUT);
    return node.build(() -> new OutputConfig(dir, hook, timeout));
  }
}
