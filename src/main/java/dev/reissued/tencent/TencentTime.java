package dev.reissued.tencent;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tencent Cloud's SSL API writes times as GMT+8 wall-clock strings ({@code yyyy-MM-dd HH:mm:ss})
 * with no zone. Real responses also carry {@code ""}, {@code "--"}, {@code "0000-00-00 00:00:00"}
 * and short fields such as {@code "2024-11-06 08:00:0"}; those must never stop a sync, so parsing
 * is lenient about field widths and answers empty for anything that is not a real time.
 */
public final class TencentTime {
  /** The zone every time in the API is written in. */
  public static final ZoneOffset ZONE = ZoneOffset.ofHours(8);

  private static final Logger log = LoggerFactory.getLogger(TencentTime.class);
  private static final Pattern SHAPE =
      Pattern.compile(
          "(\\d{4})-(\\d{1,2})-(\\d{1,2})(?:["
              + " T](\\d{1,2}):(\\d{1,2})(?::(\\d{1,2})(?:\\.\\d+)?)?)?");
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZONE);

  private TencentTime() {}

  /** The instant a Tencent time string names, or empty when it names none. */
  public static Optional<Instant> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    Matcher matcher = SHAPE.matcher(text.strip());
    if (!matcher.matches()) {
      return Optional.empty();
    }
    try {
      LocalDateTime local =
          LocalDateTime.of(
              Integer.parseInt(matcher.group(1)),
              Integer.parseInt(matcher.group(2)),
              Integer.parseInt(matcher.group(3)),
              number(matcher.group(4)),
              number(matcher.group(5)),
              number(matcher.group(6)));
      return Optional.of(local.toInstant(ZONE));
    } catch (DateTimeException notATime) {
      // "0000-00-00 00:00:00" lands here: month 0 does not exist.
      return Optional.empty();
    }
  }

  /**
   * Like {@link #parse}, but a value that is present and unusable is logged at WARN naming the
   * certificate and the field, so an operator can see which record the API sent oddly.
   */
  public static Optional<Instant> read(String text, String certificateId, String field) {
    Optional<Instant> parsed = parse(text);
    if (parsed.isEmpty() && text != null) {
      log.warn(
          "certificate {}: field {} holds \"{}\", not a time; treating it as absent",
          certificateId,
          field,
          text);
    }
    return parsed;
  }

  /** Formats an instant the way the API writes it. */
  public static String format(Instant instant) {
    return FORMAT.format(instant);
  }

  private static int number(String digits) {
    return digits == null ? 0 : Integer.parseInt(digits);
  }
}
