package dev.reissued.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.reissued.keys.KeyException;
import dev.reissued.keys.KeySpec;
import dev.reissued.keys.MasterKey;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.quartz.CronExpression;

/**
 * Reads the YAML file into {@link ReissuedConfig}, validating everything once, the way HikariCP's
 * {@code validate()} does: every problem names its key path and what is allowed, all problems of a
 * file are reported together, and nothing else happens when there is one.
 *
 * <p>Relative paths are resolved against the configuration file's directory.
 */
public final class ConfigLoader {
  public static final String DEFAULT_PATH = "/etc/reissued/reissued.yaml";
  static final Pattern ACCOUNT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");

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
    JsonNode root;
    try {
      ObjectMapper mapper = new ObjectMapper(new YAMLFactory());
      mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
      root = mapper.readTree(yaml);
    } catch (JsonProcessingException syntax) {
      String where =
          syntax.getLocation() == null ? "" : "line " + syntax.getLocation().getLineNr() + ": ";
      throw new ConfigException(
          source, List.of(where + "YAML syntax error: " + firstLine(syntax.getOriginalMessage())));
    }
    Problems problems = new Problems();
    if (root == null || root.isMissingNode() || root.isNull()) {
      problems.error("", "the file is empty; at least 'accounts' and 'keys' are required");
      throw new ConfigException(source, problems.errors());
    }
    Reader reader = new Reader(baseDirectory, problems);
    ReissuedConfig config =
        reader.read(new ConfigNode(root, "", problems, new Interpolation(environment)));
    if (problems.hasErrors()) {
      throw new ConfigException(source, problems.errors());
    }
    return config;
  }

  private static String firstLine(String message) {
    int newline = message == null ? -1 : message.indexOf('\n');
    return newline < 0 ? String.valueOf(message) : message.substring(0, newline);
  }

  /** One reading of one file; holds what every section reader needs. */
  private final class Reader {
    private final Path baseDirectory;
    private final Problems problems;

    Reader(Path baseDirectory, Problems problems) {
      this.baseDirectory = baseDirectory;
      this.problems = problems;
    }

    ReissuedConfig read(ConfigNode root) {
      root.expectObject(
          "database",
          "accounts",
          "renewal",
          "schedule",
          "keys",
          "output",
          "notify",
          "metrics",
          "logging");
      DatabaseConfig database = database(root.get("database"));
      List<AccountConfig> accounts = accounts(root.get("accounts"));
      RenewalConfig renewal = renewal(root.get("renewal"));
      ScheduleConfig schedule = schedule(root.get("schedule"));
      KeysConfig keys = keys(root.get("keys"));
      OutputConfig output = output(root.get("output"));
      NotifyConfig notifications = notify(root.get("notify"));
      MetricsConfig metrics = metrics(root.get("metrics"));
      LoggingConfig logging = logging(root.get("logging"));
      return new ReissuedConfig(
          database,
          accounts,
          renewal,
          schedule,
          keys,
          output,
          notifications,
          metrics,
          logging,
          problems.warnings());
    }

    OutputConfig output(ConfigNode node) {
      if (!node.expectObject("dir", "deployHook", "hookTimeout")) {
        return OutputConfig.NONE;
      }
      Optional<Path> dir =
          node.get("dir").text().filter(value -> !value.isBlank()).map(this::resolve);
      Optional<String> hook = node.get("deployHook").text().filter(value -> !value.isBlank());
      Duration timeout =
          node.get("hookTimeout")
              .duration(Duration.ofSeconds(1), Duration.ofHours(1))
              .orElse(Duration.ofMinutes(1));
      return new OutputConfig(dir, hook, timeout);
    }

    NotifyConfig notify(ConfigNode node) {
      if (!node.expectObject("webhooks", "warnBefore", "repeatEvery")) {
        return NotifyConfig.NONE;
      }
      Duration warnBefore =
          node.get("warnBefore")
              .duration(Duration.ofHours(1), Duration.ofDays(365))
              .orElse(Duration.ofDays(14));
      Duration repeatEvery =
          node.get("repeatEvery")
              .duration(Duration.ofMinutes(1), Duration.ofDays(30))
              .orElse(Duration.ofHours(24));
      List<WebhookConfig> webhooks = new ArrayList<>();
      Set<String> names = new HashSet<>();
      for (ConfigNode element : node.get("webhooks").elements()) {
        webhook(element, names).ifPresent(webhooks::add);
      }
      return new NotifyConfig(webhooks, warnBefore, repeatEvery);
    }

    Optional<WebhookConfig> webhook(ConfigNode node, Set<String> names) {
      if (!node.expectObject("name", "kind", "url", "urlFile", "events")) {
        return Optional.empty();
      }
      ConfigNode nameNode = node.get("name");
      Optional<String> name = nameNode.requiredText();
      if (name.isPresent() && !names.add(name.get())) {
        nameNode.error("'" + name.get() + "' is used by another webhook; names must be unique");
      }
      ConfigNode kindNode = node.get("kind");
      Optional<WebhookKind> kind = kindNode.enumValue(WebhookKind.class);
      if (!kindNode.isPresent()) {
        kindNode.error("is required: one of generic, wecom, dingtalk, feishu, slack");
      }
      Optional<Secret> url = secret(node, "url", "urlFile", true);
      url.ifPresent(
          secret -> {
            String text = secret.reveal();
            if (!text.startsWith("https://")
                && !(text.startsWith("http://") && Loopback.isLoopback(hostOf(text)))) {
              node.get(node.get("url").isPresent() ? "url" : "urlFile")
                  .error("must be an https:// URL (http:// only for loopback hosts)");
            }
          });
      Set<NotifyEvent> events = java.util.EnumSet.allOf(NotifyEvent.class);
      ConfigNode eventsNode = node.get("events");
      if (eventsNode.isPresent()) {
        events = java.util.EnumSet.noneOf(NotifyEvent.class);
        for (ConfigNode element : eventsNode.elements()) {
          Optional<String> text = element.requiredText();
          if (text.isEmpty()) {
            continue;
          }
          Optional<NotifyEvent> event =
              java.util.Arrays.stream(NotifyEvent.values())
                  .filter(value -> value.key().equalsIgnoreCase(text.get().trim()))
                  .findFirst();
          if (event.isEmpty()) {
            element.error(
                "'"
                    + text.get()
                    + "' is not an event; use "
                    + String.join(
                        ", ",
                        java.util.Arrays.stream(NotifyEvent.values())
                            .map(NotifyEvent::key)
                            .toList()));
          } else {
            events.add(event.get());
          }
        }
      }
      if (name.isEmpty() || kind.isEmpty() || url.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(new WebhookConfig(name.get(), kind.get(), url.get(), events));
    }

    MetricsConfig metrics(ConfigNode node) {
      if (!node.expectObject("listen")) {
        return MetricsConfig.OFF;
      }
      ConfigNode listen = node.get("listen");
      Optional<String> text = listen.text().filter(value -> !value.isBlank());
      if (text.isEmpty()) {
        return MetricsConfig.OFF;
      }
      String value = text.get().trim();
      int colon = value.lastIndexOf(':');
      if (colon <= 0 || colon == value.length() - 1) {
        listen.error("'" + value + "' is not host:port; use e.g. 127.0.0.1:9464");
        return MetricsConfig.OFF;
      }
      String host = value.substring(0, colon);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      try {
        int port = Integer.parseInt(value.substring(colon + 1));
        if (port < 1 || port > 65535) {
          listen.error("port " + port + " is out of range; use 1 to 65535");
          return MetricsConfig.OFF;
        }
        if (!Loopback.isLoopback(host)) {
          listen.warning(
              "'"
                  + value
                  + "' is reachable from other hosts: /metrics lists every certificate id and"
                  + " domain, without authentication; bind 127.0.0.1 unless a firewall or proxy"
                  + " guards the port");
        }
        return new MetricsConfig(Optional.of(host), port);
      } catch (NumberFormatException notPort) {
        listen.error("'" + value + "' is not host:port; use e.g. 127.0.0.1:9464");
        return MetricsConfig.OFF;
      }
    }

    LoggingConfig logging(ConfigNode node) {
      if (!node.expectObject("format")) {
        return LoggingConfig.TEXT;
      }
      return new LoggingConfig(
          node.get("format")
              .enumValue(LoggingConfig.Format.class)
              .orElse(LoggingConfig.Format.text));
    }

    DatabaseConfig database(ConfigNode node) {
      node.expectObject("url", "username", "password", "passwordFile", "embedded", "poolSize");
      ConfigNode urlNode = node.get("url");
      Optional<String> url = urlNode.text().filter(value -> !value.isBlank());
      if (url.isPresent() && !url.get().startsWith("jdbc:postgresql:")) {
        urlNode.error(
            "expected a PostgreSQL JDBC URL such as jdbc:postgresql://127.0.0.1:5432/reissued, got '"
                + DatabaseConfig.maskUrl(url.get())
                + "'");
      }
      Optional<String> username = node.get("username").text().filter(value -> !value.isBlank());
      Optional<Secret> password = secret(node, "password", "passwordFile", false);
      ConfigNode embedded = node.get("embedded");
      embedded.expectObject("dataDir", "port");
      Path dataDirectory =
          embedded
              .get("dataDir")
              .text()
              .map(this::resolve)
              .orElseGet(ConfigLoader.this::defaultDataDirectory);
      int port = embedded.get("port").integer(0, 65535).orElse(0);
      int poolSize = node.get("poolSize").integer(2, 100).orElse(5);
      return new DatabaseConfig(url, username, password, dataDirectory, port, poolSize);
    }

    List<AccountConfig> accounts(ConfigNode node) {
      List<AccountConfig> accounts = new ArrayList<>();
      if (!node.isPresent()) {
        node.error("is required: list at least one Tencent Cloud account");
        return accounts;
      }
      List<ConfigNode> elements = node.elements();
      if (elements.isEmpty() && !problems.hasErrors()) {
        node.error("lists no account; at least one is required");
      }
      Set<String> names = new HashSet<>();
      for (ConfigNode element : elements) {
        account(element, names).ifPresent(accounts::add);
      }
      return accounts;
    }

    Optional<AccountConfig> account(ConfigNode node, Set<String> names) {
      if (!node.expectObject(
          "name",
          "secretId",
          "secretKey",
          "secretKeyFile",
          "endpoint",
          "region",
          "requestsPerSecond",
          "timeouts")) {
        return Optional.empty();
      }
      ConfigNode nameNode = node.get("name");
      Optional<String> name = nameNode.requiredText();
      if (name.isPresent() && !ACCOUNT_NAME.matcher(name.get()).matches()) {
        nameNode.error(
            "'"
                + name.get()
                + "' is not a valid name; use letters, digits, '-', '_' or '.' (at most 63)");
      } else if (name.isPresent() && !names.add(name.get())) {
        nameNode.error("'" + name.get() + "' is used by another account; names must be unique");
      }
      Optional<String> secretId = node.get("secretId").requiredText();
      Optional<Secret> secretKey = secret(node, "secretKey", "secretKeyFile", true);
      URI endpoint = endpoint(node.get("endpoint"));
      String region = node.get("region").text().orElse("");
      double requestsPerSecond =
          node.get("requestsPerSecond")
              .decimal(0, 100)
              .orElse(ApiEndpoint.DEFAULT_REQUESTS_PER_SECOND);
      ConfigNode timeouts = node.get("timeouts");
      timeouts.expectObject("connect", "read");
      Duration connect =
          timeouts
              .get("connect")
              .duration(Duration.ofSeconds(1), Duration.ofMinutes(5))
              .orElse(ApiEndpoint.DEFAULT_CONNECT_TIMEOUT);
      Duration read =
          timeouts
              .get("read")
              .duration(Duration.ofSeconds(1), Duration.ofMinutes(10))
              .orElse(ApiEndpoint.DEFAULT_READ_TIMEOUT);
      if (name.isEmpty() || secretId.isEmpty() || secretKey.isEmpty() || endpoint == null) {
        return Optional.empty();
      }
      return Optional.of(
          new AccountConfig(
              name.get(),
              secretId.get(),
              secretKey.get(),
              endpoint,
              region,
              requestsPerSecond,
              connect,
              read));
    }

    URI endpoint(ConfigNode node) {
      Optional<String> text = node.text();
      if (text.isEmpty()) {
        return node.isPresent() ? null : ApiEndpoint.DEFAULT;
      }
      URI uri;
      try {
        uri = new URI(text.get().trim());
      } catch (URISyntaxException malformed) {
        node.error("'" + text.get() + "' is not a URL: " + malformed.getReason());
        return null;
      }
      Optional<String> problem = ApiEndpoint.problem(uri);
      problem.ifPresent(node::error);
      return problem.isPresent() ? null : uri;
    }

    RenewalConfig renewal(ConfigNode node) {
      node.expectObject("renewBefore", "csrType", "validType", "key", "retry", "rules");
      Duration renewBefore =
          node.get("renewBefore")
              .duration(Duration.ofHours(1), Duration.ofDays(365))
              .orElse(Duration.ofDays(30));
      CsrType csrType = node.get("csrType").enumValue(CsrType.class).orElse(CsrType.Upload);
      ValidType validType =
          node.get("validType").enumValue(ValidType.class).orElse(ValidType.DNS_AUTO);
      KeySpec key = keySpec(node.get("key")).orElse(KeySpec.RSA_2048);
      warnIfNotFreeCompatible(node.get("key"), key);
      RetryPolicy retry = retry(node.get("retry"));
      List<RenewalRule> rules = new ArrayList<>();
      for (ConfigNode element : node.get("rules").elements()) {
        rule(element).ifPresent(rules::add);
      }
      checkOnlineKey(node.get("key"), csrType, key);
      List<ConfigNode> ruleNodes = node.get("rules").elements();
      for (int index = 0; index < rules.size() && index < ruleNodes.size(); index++) {
        RenewalRule rule = rules.get(index);
        checkOnlineKey(
            ruleNodes.get(index).get("key"),
            rule.csrType().orElse(csrType),
            rule.key().orElse(key));
      }
      return new RenewalConfig(renewBefore, csrType, validType, key, retry, rules);
    }

    /** Tencent generates RSA 2048 or 4096 only (CertCSRKeyParameter); 3072 works with Upload. */
    void checkOnlineKey(ConfigNode node, CsrType csrType, KeySpec key) {
      if (csrType == CsrType.Online
          && key.algorithm() == dev.reissued.keys.KeyAlgorithm.RSA
          && key.parameter().equals("3072")) {
        node.error(
            "RSA 3072 cannot be used with csrType Online (Tencent generates RSA 2048 or 4096); use csrType Upload or another size");
      }
    }

    Optional<KeySpec> keySpec(ConfigNode node) {
      if (!node.expectObject("algorithm", "parameter")) {
        return Optional.empty();
      }
      ConfigNode algorithmNode = node.get("algorithm");
      Optional<String> algorithm = algorithmNode.requiredText();
      Optional<String> parameter = node.get("parameter").text();
      if (algorithm.isEmpty()) {
        return Optional.empty();
      }
      try {
        return Optional.of(KeySpec.of(algorithm.get(), parameter.orElse(null)));
      } catch (KeyException invalid) {
        boolean algorithmIsValid =
            List.of("RSA", "ECC", "SM2").contains(algorithm.get().trim().toUpperCase(Locale.ROOT));
        (algorithmIsValid ? node.get("parameter") : algorithmNode).error(invalid.getMessage());
        return Optional.empty();
      }
    }

    void warnIfNotFreeCompatible(ConfigNode node, KeySpec key) {
      if (node.isPresent() && !key.equals(KeySpec.RSA_2048)) {
        node.warning(
            "free certificates are re-issued as RSA 2048 whatever this says ("
                + key
                + " applies to paid certificates only): Tencent Cloud re-issues free certificates as RSA 2048 only");
      }
    }

    RetryPolicy retry(ConfigNode node) {
      node.expectObject("initialBackoff", "maxBackoff", "maxAttempts");
      Duration initial =
          node.get("initialBackoff")
              .duration(Duration.ofSeconds(1), Duration.ofDays(1))
              .orElse(Duration.ofMinutes(1));
      Duration max =
          node.get("maxBackoff")
              .duration(Duration.ofSeconds(1), Duration.ofDays(7))
              .orElse(Duration.ofHours(6));
      int attempts = node.get("maxAttempts").integer(1, 100).orElse(8);
      if (max.compareTo(initial) < 0) {
        node.get("maxBackoff")
            .error(
                Durations.format(max)
                    + " is shorter than renewal.retry.initialBackoff ("
                    + Durations.format(initial)
                    + ")");
      }
      return new RetryPolicy(initial, max, attempts);
    }

    Optional<RenewalRule> rule(ConfigNode node) {
      if (!node.expectObject("domains", "csrType", "validType", "key", "enabled")) {
        return Optional.empty();
      }
      ConfigNode domainsNode = node.get("domains");
      List<String> domains = new ArrayList<>();
      for (ConfigNode domain : domainsNode.elements()) {
        domain.requiredText().map(String::trim).ifPresent(domains::add);
      }
      if (!domainsNode.isPresent()) {
        domainsNode.error("is required: list the domain globs this rule applies to");
      } else if (domains.isEmpty() && !problems.hasErrors()) {
        domainsNode.error("lists no domain");
      }
      Optional<CsrType> csrType = node.get("csrType").enumValue(CsrType.class);
      Optional<ValidType> validType = node.get("validType").enumValue(ValidType.class);
      Optional<KeySpec> key =
          node.get("key").isPresent() ? keySpec(node.get("key")) : Optional.empty();
      key.ifPresent(spec -> warnIfNotFreeCompatible(node.get("key"), spec));
      Optional<Boolean> enabled = node.get("enabled").bool();
      if (csrType.isEmpty()
          && validType.isEmpty()
          && key.isEmpty()
          && enabled.isEmpty()
          && !problems.hasErrors()) {
        node.warning("sets nothing besides domains, so it only stops later rules from matching");
      }
      return Optional.of(new RenewalRule(domains, csrType, validType, key, enabled));
    }

    ScheduleConfig schedule(ConfigNode node) {
      node.expectObject("sync", "renew", "track", "reconcile", "clustered");
      String sync = cron(node.get("sync"), "0 0 * * * ?");
      String renew = cron(node.get("renew"), "0 */10 * * * ?");
      String track = cron(node.get("track"), "0 */5 * * * ?");
      String reconcile = cron(node.get("reconcile"), ScheduleConfig.DEFAULT_RECONCILE);
      boolean clustered = node.get("clustered").bool().orElse(true);
      return new ScheduleConfig(sync, renew, track, reconcile, clustered);
    }

    String cron(ConfigNode node, String fallback) {
      Optional<String> expression = node.text();
      if (expression.isEmpty()) {
        return fallback;
      }
      try {
        CronExpression.validateExpression(expression.get());
        return expression.get();
      } catch (ParseException invalid) {
        node.error(
            "'"
                + expression.get()
                + "' is not a Quartz cron expression ("
                + invalid.getMessage()
                + "); use six or seven fields such as \"0 */10 * * * ?\"");
        return fallback;
      }
    }

    KeysConfig keys(ConfigNode node) {
      node.expectObject("masterKeyFile");
      ConfigNode fileNode = node.get("masterKeyFile");
      if (!node.isPresent()) {
        node.error(
            "is required: keys.masterKeyFile names the file with the key that seals private keys"
                + " (create one with: head -c 32 /dev/urandom | base64 > master.key; chmod 600 master.key)");
        return new KeysConfig(null);
      }
      Optional<Path> file = fileNode.requiredText().map(this::resolve);
      if (file.isPresent()) {
        try {
          MasterKey.read(file.get());
        } catch (KeyException unusable) {
          fileNode.error(unusable.getMessage());
        }
      }
      return new KeysConfig(file.orElse(null));
    }

    /**
     * A secret given inline (usually {@code ${VAR}}) or in a file named by the {@code *File} key.
     */
    Optional<Secret> secret(ConfigNode parent, String key, String fileKey, boolean required) {
      ConfigNode inline = parent.get(key);
      ConfigNode file = parent.get(fileKey);
      if (inline.isPresent() && file.isPresent()) {
        inline.error("give either " + key + " or " + fileKey + ", not both");
        return Optional.empty();
      }
      if (file.isPresent()) {
        Optional<Path> path = file.requiredText().map(this::resolve);
        if (path.isEmpty()) {
          return Optional.empty();
        }
        try {
          String value = Files.readString(path.get(), StandardCharsets.UTF_8).strip();
          if (value.isEmpty()) {
            file.error(path.get() + " is empty");
            return Optional.empty();
          }
          return Optional.of(Secret.of(value));
        } catch (NoSuchFileException missing) {
          file.error(path.get() + " does not exist");
        } catch (IOException unreadable) {
          file.error(path.get() + " cannot be read: " + unreadable.getMessage());
        }
        return Optional.empty();
      }
      if (!inline.isPresent()) {
        if (required) {
          inline.error("is required (or give " + fileKey + ")");
        }
        return Optional.empty();
      }
      Optional<String> value = inline.text();
      if (value.isPresent() && value.get().isEmpty()) {
        inline.error("must not be empty");
        return Optional.empty();
      }
      return value.map(Secret::of);
    }

    Path resolve(String path) {
      Path given = Path.of(path.trim());
      return given.isAbsolute() || baseDirectory == null
          ? given
          : baseDirectory.resolve(given).normalize();
    }
  }

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

  static String hostOf(String url) {
    try {
      String host = URI.create(url).getHost();
      return host == null ? "" : host;
    } catch (IllegalArgumentException malformed) {
      return "";
    }
  }
}
