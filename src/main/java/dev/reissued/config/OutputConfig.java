package dev.reissued.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where issued certificates go: files under {@code dir/<domain>/} and a command run once per newly
 * issued certificate. Both optional.
 */
public record OutputConfig(Optional<Path> dir, Optional<String> deployHook, Duration hookTimeout) {
  public static final OutputConfig NONE =
      new OutputConfig(Optional.empty(), Optional.empty(), Duration.ofMinutes(1));
}
