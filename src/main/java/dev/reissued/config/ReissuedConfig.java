package dev.reissued.config;

import java.util.List;
import java.util.Optional;

/**
 * The whole validated configuration. Immutable; read from a file by {@link ConfigLoader}. Every
 * record in it has checked its own fields; this one checks what spans sections: that there is an
 * account, that no two share a name, and that the master key is configured.
 */
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
    CloudConfig cloud,
    List<String> warnings) {

  public ReissuedConfig {
    Complaints complaints = new Complaints();
    complaints.present("database", database);
    if (complaints.present(
        "accounts", accounts, "is required: list at least one Tencent Cloud account")) {
      accounts = List.copyOf(accounts);
      if (accounts.isEmpty()) {
        complaints.add("accounts", "lists no account; at least one is required");
      }
      complaints.addAll(
          "accounts", accountNameClashes(accounts.stream().map(AccountConfig::name).toList()));
    }
    complaints.present("renewal", renewal);
    complaints.present("schedule", schedule);
    complaints.present(
        "keys",
        keys,
        "is required: keys.masterKeyFile names the file with the key that seals private keys"
            + " (create one with: head -c 32 /dev/urandom | base64 > master.key; chmod 600"
            + " master.key)");
    complaints.present("output", output);
    complaints.present("notify", notifications);
    complaints.present("metrics", metrics);
    complaints.present("logging", logging);
    complaints.present("cloud", cloud);
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
    complaints.throwIfAny(ReissuedConfig.class);
  }

  /**
   * An account's name keys its jobs, its rate limit and its rows, so it must be unique: the entries
   * ({@code [1].name}) that repeat an earlier one.
   */
  static List<ConfigException.Complaint> accountNameClashes(List<String> names) {
    return Complaints.nameClashes(names, "account");
  }

  public Optional<AccountConfig> account(String name) {
    return accounts.stream().filter(account -> account.name().equals(name)).findFirst();
  }
}
