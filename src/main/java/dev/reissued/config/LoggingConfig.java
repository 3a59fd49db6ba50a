package dev.reissued.config;

/** Log format: {@code text} lines for people, or one {@code json} object per line for machines. */
public record LoggingConfig(Format format) {
  public static final LoggingConfig TEXT = new LoggingConfig(Format.text);

  public enum Format {
    text,
    json
  }
}
