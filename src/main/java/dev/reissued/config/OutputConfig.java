package dev.reissued.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where issued certificates go: files under {@code dir/<domain>/} and a command run once per newly
 * issued certificate. Both optional.
 */
public record OutputConfig(Optional<Path> dir, Optional<String> deployHook, Duration hookTimeout) {
  public static final Duration DEFAULT_HOOK_TIMEOUT = Duration.ofMinutes(1);
  public static final DurationRange HOOK_TIMEOUTS =
      new DurationRange(Duration.ofSeconds(1), Duration.ofHours(1));
  public static final OutputConfig NONE =
      new OutputConfig(Optional.empty(), Optional.empty(), DEFAULT_HOOK_TIMEOUT);

  public OutputConfig {
    Complaints complaints = new Complaints();
    dir = dir == null ? Optional.empty() : dir;
    deployHook = deployHook == null ? Optional.empty() : deployHook;
    if (deployHook.isPresent() && deployHook.get().isBlank()) {
      complaints.add("deployHook", "must not be empty");
    }
    complaints.within("hookTimeout", hookTimeout, HOOK_TIMEOUTS);
    complaints.throwIfAny(OutputConfig.class);
  }
}
