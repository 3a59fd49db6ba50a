package dev.reissued.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.LayoutBase;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.event.KeyValuePair;

/**
 * One JSON object per log line: time, level, logger, thread, message, then the event's key-value
 * pairs and MDC entries as top-level fields ({@code event}, {@code account}, {@code
 * certificate_id}, {@code request_id}, ...), for journald and log shippers. Values are JSON-escaped
 * including DEL, C1 controls and bidirectional overrides ({@link JsonEscapes}): the same value for
 * a parser, nothing a terminal acts on for a reader.
 */
final class JsonLineLayout extends LayoutBase<ILoggingEvent> {
  private static final ObjectMapper JSON = new ObjectMapper();

  static {
    JSON.getFactory().setCharacterEscapes(JsonEscapes.INSTANCE);
  }

  @Override
  public String doLayout(ILoggingEvent event) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("time", Instant.ofEpochMilli(event.getTimeStamp()).toString());
    line.put("level", event.getLevel().toString());
    line.put("logger", event.getLoggerName());
    line.put("thread", event.getThreadName());
    line.put("message", event.getFormattedMessage());
    event.getMDCPropertyMap().forEach(line::putIfAbsent);
    if (event.getKeyValuePairs() != null) {
      for (KeyValuePair pair : event.getKeyValuePairs()) {
        line.put(pair.key, pair.value == null ? null : String.valueOf(pair.value));
      }
    }
    if (event.getThrowableProxy() != null) {
      line.put("exception", ThrowableProxyUtil.asString(event.getThrowableProxy()));
    }
    try {
      return JSON.writeValueAsString(line) + System.lineSeparator();
    } catch (JsonProcessingException impossible) {
      return "{\"message\":\"unloggable event\"}" + System.lineSeparator();
    }
  }
}
