package dev.reissued.cli;

import dev.reissued.config.ConfigLoader;
import dev.reissued.config.ReissuedConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code -c/--config} option every command that needs configuration mixes in. */
public final class ConfigOption {
  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description =
          "configuration file (default: $REISSUED_CONFIG, else " + ConfigLoader.DEFAULT_PATH + ")")
  Path file;

  ConfigOption withFile(Path configFile) {
    this.file = configFile;
    return this;
  }

  public Path path() {
    if (file != null) {
      return file;
    }
    String fromEnvironment = System.getenv("REISSUED_CONFIG");
    return Path.of(
        fromEnvironment == null || fromEnvironment.isBlank()
            ? ConfigLoader.DEFAULT_PATH
            : fromEnvironment);
  }

  public ReissuedConfig load() {
    return ConfigLoader.fromSystemEnvironment().load(path());
  }
}
