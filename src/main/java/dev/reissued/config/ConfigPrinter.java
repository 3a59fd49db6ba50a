package dev.reissued.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders the effective configuration as YAML, every default filled in and every secret masked. */
public final class ConfigPrinter {
  private ConfigPrinter() {}

  public static String toYaml(ReissuedConfig config) {
    Map<String, Object> root = new LinkedHashMap<>();
    DatabaseConfig database = config.database();
    Map<String, Object> db = new LinkedHashMap<>();
    database.maskedUrl().ifPresent(url -> db.put("url", url));
    database.username().ifPresent(username -> db.put("username", username));
    database.password().ifPresent(password -> db.put("password", Secret.MASK));
    if (database.isEmbedded()) {
      Map<String, Object> embedded = new LinkedHashMap<>();
      embedded.put("dataDir", database.embeddedDataDir().toString());
      embedded.put("port", database.embeddedPort());
      db.put("embedded", embedded);
    }
    db.put("poolSize", database.poolSize());
    root.put("database", db);

    List<Object> accounts = new ArrayList<>();
    for (AccountConfig account : config.accounts()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("name", account.name());
      entry.put("secretId", account.secretId());
      entry.put("secretKey", Secret.MASK);
      entry.put("endpoint", account.endpoint().toString());
      entry.put("region", account.region());
      entry.put("requestsPerSecond", account.requestsPerSecond());
      entry.put(
          "timeouts",
          Map.of(
              "connect", Durations.format(account.connectTimeout()),
              "read", Durations.format(account.readTimeout())));
      accounts.add(entry);
    }
    root.put("accounts", accounts);

    RenewalConfig renewal = config.renewal();
    Map<String, Object> renew = new LinkedHashMap<>();
    renew.put("renewBefore", Durations.format(renewal.renewBefore()));
    renew.put("csrType", renewal.csrType().name());
    renew.put("validType", renewal.validType().name());
    renew.put("key", key(renewal.key()));
    renew.put("mode", renewal.mode().name());
    Map<String, Object> retry = new LinkedHashMap<>();
    retry.put("initialBackoff", Durations.format(renewal.retry().initialBackoff()));
    retry.put("maxBackoff", Durations.format(renewal.retry().maxBackoff()));
    retry.put("maxAttempts", renewal.retry().maxAttempts());
    renew.put("retry", retry);
    List<Object> rules = new ArrayList<>();
    for (RenewalRule rule : renewal.rules()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("domains", rule.domains());
      rule.csrType().ifPresent(value -> entry.put("csrType", value.name()));
      rule.validType().ifPresent(value -> entry.put("validType", value.name()));
      rule.key().ifPresent(value -> entry.put("key", key(value)));
      rule.enabled().ifPresent(value -> entry.put("enabled", value));
      rule.mode().ifPresent(value -> entry.put("mode", value.name()));
      rules.add(entry);
    }
    renew.put("rules", rules);
    root.put("renewal", renew);

    ScheduleConfig schedule = config.schedule();
    Map<String, Object> cron = new LinkedHashMap<>();
    cron.put("sync", schedule.sync());
    cron.put("renew", schedule.renew());
    cron.put("track", schedule.track());
    cron.put("reconcile", schedule.reconcile());
    cron.put("clustered", schedule.clustered());
    cron.put("cloud", schedule.cloud());
    root.put("schedule", cron);
    root.put("keys", Map.of("masterKeyFile", String.valueOf(config.keys().masterKeyFile())));

    OutputConfig output = config.output();
    Map<String, Object> out = new LinkedHashMap<>();
    output.dir().ifPresent(dir -> out.put("dir", dir.toString()));
    output.deployHook().ifPresent(hook -> out.put("deployHook", hook));
    out.put("hookTimeout", Durations.format(output.hookTimeout()));
    root.put("output", out);

    NotifyConfig notify = config.notifications();
    Map<String, Object> notifications = new LinkedHashMap<>();
    notifications.put("warnBefore", Durations.format(notify.warnBefore()));
    notifications.put("repeatEvery", Durations.format(notify.repeatEvery()));
    List<Object> webhooks = new ArrayList<>();
    for (WebhookConfig webhook : notify.webhooks()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("name", webhook.name());
      entry.put("kind", webhook.kind().name());
      entry.put("url", Secret.MASK);
      entry.put("events", webhook.events().stream().sorted().map(NotifyEvent::key).toList());
      webhooks.add(entry);
    }
    notifications.put("webhooks", webhooks);
    root.put("notify", notifications);
    if (config.metrics().enabled()) {
      Map<String, Object> metrics = new LinkedHashMap<>();
      metrics.put("listen", config.metrics().host().orElseThrow() + ":" + config.metrics().port());
      CertificateSeriesConfig series = config.metrics().certificateSeries();
      Map<String, Object> certificateSeries = new LinkedHashMap<>();
      certificateSeries.put("limit", series.limit());
      certificateSeries.put("window", series.describeWindow());
      metrics.put("certificateSeries", certificateSeries);
      root.put("metrics", metrics);
    }
    root.put("logging", Map.of("format", config.logging().format().name()));
    root.put("cloud", cloud(config.cloud()));

    try {
      ObjectMapper mapper =
          new ObjectMapper(
              YAMLFactory.builder()
                  .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                  .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                  .build());
      return mapper.writeValueAsString(root);
    } catch (JsonProcessingException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  private static Map<String, Object> cloud(CloudConfig cloud) {
    Map<String, Object> section = new LinkedHashMap<>();
    section.put("enabled", cloud.enabled());
    section.put("resourceTypes", cloud.resourceTypes());
    section.put("regions", cloud.regions());
    section.put("muteOldNotices", cloud.muteOldNotices());
    section.put("exclude", cloud.exclude());
    section.put("giveUpAfter", Durations.format(cloud.giveUpAfter()));
    section.put("maxUpdateCalls", cloud.maxUpdateCalls());
    List<Object> rules = new ArrayList<>();
    for (CloudConfig.Rule rule : cloud.rules()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("domains", rule.domains());
      rule.enabled().ifPresent(enabled -> entry.put("enabled", enabled));
      rule.resourceTypes().ifPresent(types -> entry.put("resourceTypes", types));
      rule.regions().ifPresent(regions -> entry.put("regions", regions));
      rule.muteOldNotices().ifPresent(mute -> entry.put("muteOldNotices", mute));
      rule.exclude().ifPresent(exclude -> entry.put("exclude", exclude));
      rules.add(entry);
    }
    section.put("rules", rules);
    return section;
  }

  private static Map<String, Object> key(dev.reissued.keys.KeySpec spec) {
    Map<String, Object> key = new LinkedHashMap<>();
    key.put("algorithm", spec.algorithm().name());
    key.put("parameter", spec.parameter());
    return key;
  }
}
