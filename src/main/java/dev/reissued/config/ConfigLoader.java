package dev.reissued.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads the YAML file into {@link ReissuedConfig}. The records validate themselves; this maps each
 * section to its record (one reader per section, sharing {@link ConfigNode}), puts every complaint
 * under its key path, and reports all problems of a file together, as HikariCP's {@code validate()}
 * does, before anything else happens. {@code check-config} and every command load through here, so
 * they apply the same rules.
 *
 * <p>Relative paths are resolved against the configuration file's directory.
 */
public final class ConfigLoader {
  public static final String DEFAULT_PATH = "/etc/reissued/reissued.yaml";

  private final Function<String, String> environment;

  public ConfigLoader(Function<String, String> environment) {
    this.environment = environment;
  }

  public static ConfigLoader fromSystemEnvironment() {
    return new ConfigLoader(System::getenv);
  }

  public ReissuedConfig load(Path file) {
    String yaml;
    try {
      yaml = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException missing) {
      throw new ConfigException(
          file.toString(), List.of("the file does not exist; pass -c FILE or set REISSUED_CONFIG"));
    } catch (IOException unreadable) {
      throw new ConfigException(
          file.toString(), List.of("cannot be read: " + unreadable.getMessage()));
    }
    Path baseDirectory = file.toAbsolutePath().getParent();
    return parse(yaml, baseDirectory, file.toString());
  }

  public ReissuedConfig parse(String yaml, Path baseDirectory, String source) {
    JsonNode tree;
    try {
      tree = YamlTree.read(yaml);
    } catch (JsonProcessingException syntax) {
      String where =
          syntax.getLocation() == null ? "" : "line " + syntax.getLocation().getLineNr() + ": ";
      throw new ConfigException(
          source, List.of(where + "YAML syntax error: " + firstLine(syntax.getOriginalMessage())));
    } catch (IOException unreadable) {
      throw new ConfigException(source, List.of("cannot be read: " + unreadable.getMessage()));
    }
    Problems problems = new Problems();
    if (tree == null || tree.isMissingNode() || tree.isNull()) {
      problems.error("", "the file is empty; at least 'accounts' and 'keys' are required");
      throw new ConfigException(source, problems.errors());
    }
    ConfigNode root =
        ConfigNode.root(tree, problems, new Interpolation(environment), baseDirectory);
    Optional<ReissuedConfig> config = read(root, problems);
    if (problems.hasErrors()) {
      throw new ConfigException(source, problems.errors());
    }
    return config.orElseThrow();
  }

  /**
   * Each section as its record, or null where it was refused (its problems are reported, and
   * ReissuedConfig's complaint that it is missing is then left out).
   */
  private Optional<ReissuedConfig> read(ConfigNode root, Problems problems) {
    root.expectObject(
        "database",
        "accounts",
        "renewal",
        "schedule",
        "keys",
        "output",
        "notify",
        "metrics",
        "logging",
        "cloud");
    DatabaseConfig database =
        DatabaseReader.read(root.get("database"), defaultDataDirectory()).orElse(null);
    List<AccountConfig> accounts = AccountsReader.read(root.get("accounts"));
    RenewalConfig renewal = RenewalReader.read(root.get("renewal")).orElse(null);
    ScheduleConfig schedule = DaemonReader.schedule(root.get("schedule")).orElse(null);
    KeysConfig keys = FilesReader.keys(root.get("keys")).orElse(null);
    OutputConfig output = FilesReader.output(root.get("output")).orElse(null);
    NotifyConfig notify = NotifyReader.read(root.get("notify")).orElse(null);
    MetricsConfig metrics = DaemonReader.metrics(root.get("metrics")).orElse(null);
    LoggingConfig logging = DaemonReader.logging(root.get("logging")).orElse(null);
    CloudConfig cloud = CloudReader.read(root.get("cloud")).orElse(null);
    return root.build(
        () ->
            new ReissuedConfig(
                database,
                accounts,
                renewal,
                schedule,
                keys,
                output,
                notify,
                metrics,
                logging,
                cloud,
                problems.warnings()));
  }

  /** {@code $XDG_DATA_HOME/reissued/pgdata}, else {@code ~/.local/share/reissued/pgdata}. */
  Path defaultDataDirectory() {
    String dataHome = environment.apply("XDG_DATA_HOME");
    if (dataHome == null || dataHome.isBlank()) {
      String home = environment.apply("HOME");
      dataHome =
          (home == null || home.isBlank() ? System.getProperty("user.home") : home)
              + "/.local/share";
    }
    return Path.of(dataHome, "reissued", "pgdata");
  }

  private static String firstLine(String message) {
    int newline = message == null ? -1 : message.indexOf('\n');
    return newline < 0 ? String.valueOf(message) : message.substring(0, newline);
  }
}
