package dev.reissued.deliver;

import dev.reissued.config.OutputConfig;
import dev.reissued.config.RetryPolicy;
import java.time.Clock;

/**
 * What every delivery step works with: the {@code delivery} rows, the keys, the output settings,
 * the backoff of {@code renewal.retry}, the failure reports and the clock. Built once by {@link
 * Delivery}.
 */
record StepCrew(
    DeliveryLedger ledger,
    KeyVault keys,
    OutputConfig output,
    RetryPolicy retry,
    DeployFailures failures,
    Clock clock) {}
