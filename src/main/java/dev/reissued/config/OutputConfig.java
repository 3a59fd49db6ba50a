package dev.reissued.config;

import java.nio.file.Files;
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
    dir.flatMap(OutputConfig::directoryProblem)
        .ifPresent(problem -> complaints.add("dir", problem));
    deployHook = deployHook == null ? Optional.empty() : deployHook;
    if (deployHook.isPresent() && deployHook.get().isBlank()) {
      complaints.add("deployHook", "must not be empty");
    }
    complaints.within("hookTimeout", hookTimeout, HOOK_TIMEOUTS);
    complaints.throwIfAny(OutputConfig.class);
  }

  /**
   * Why certificates could never be written under {@code dir}: it, or the nearest part of it that
   * exists, is not a directory. Every delivery would fail on it, one by one. Whether the daemon's
   * user may write there is left to the daemon: check-config often runs as another user.
   */
  private static Optional<String> directoryProblem(Path dir) {
    Path existing = dir.toAbsolutePath();
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null || Files.isDirectory(existing)) {
      return Optional.empty();
    }
    return Optional.of(
        existing.equals(dir.toAbsolutePath())
            ? dir + " is not a directory"
            : dir + " cannot be created: " + existing + " is not a directory");
  }
}
