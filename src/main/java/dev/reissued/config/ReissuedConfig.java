package dev.reissued.config;

import java.util.List;
import java.util.Optional;

/** The whole validated configuration. Immutable; built only by {@link ConfigLoader}. */
public record ReissuedConfig(
    DatabaseConfig database,
    List<AccountConfig> accounts,
    RenewalConfig renewal,
    ScheduleConfig schedule,
    KeysConfig keys,
    OutputConfig output,
    NotifyConfig notifications,
    MetricsConfig metrics,
    LoggingConfig logging,
    List<String> warnings) {

  public ReissuedConfig {
    accounts = List.copyOf(accounts);
    warnings = List.copyOf(warnings);
  }

  public Optional<AccountConfig> account(String name) {
    return accounts.stream().filter(account -> account.name().equals(name)).findFirst();
  }
}
