package dev.reissued.config;

/** Log format: {@code text} lines for people, or one {@code json} object per line for machines. */
public record LoggingConfig(Format format) {
  public static final Format DEFAULT_FORMAT = Format.text;
  public static final LoggingConfig TEXT = new LoggingConfig(Format.text);

  public LoggingConfig {
    Complaints complaints = new Complaints();
    complaints.present("format", format);
    complaints.throwIfAny(LoggingConfig.class);
  }

  public enum Format {
    text,
    json
  }
}
