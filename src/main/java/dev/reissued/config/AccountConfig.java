package dev.reissued.config;

import java.net.URI;
import java.time.Duration;

/**
 * One Tencent Cloud account: its credentials, endpoint, rate limit and timeouts; defaults and the
 * endpoint rule are {@link ApiEndpoint}'s.
 */
public record AccountConfig(
    String name,
    String secretId,
    Secret secretKey,
    URI endpoint,
    String region,
    double requestsPerSecond,
    Duration connectTimeout,
    Duration readTimeout) {}
