package dev.reissued.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;

class JsonLineLayoutTest {
  @Test
  void each_event_is_one_json_object_with_its_fields_at_the_top_level() throws Exception {
    LoggerContext context = new LoggerContext();
    JsonLineLayout layout = new JsonLineLayout();
    layout.setContext(context);
    layout.start();
    LoggingEvent event = new LoggingEvent();
    event.setLoggerName("dev.reissued.renewal.OutcomeRecorder");
    event.setLevel(Level.INFO);
    event.setThreadName("reissued-send-main-1");
    event.setTimeStamp(1_795_000_000_000L);
    event.setMessage("re-issued certificate {} as {}");
    event.setArgumentArray(new Object[] {"abcd1234", "efgh5678"});
    event.setMDCPropertyMap(Map.of("account", "main", "certificate_id", "abcd1234"));
    event.setKeyValuePairs(
        List.of(
            new KeyValuePair("event", "reissue_succeeded"), new KeyValuePair("request_id", "r-1")));

    String line = layout.doLayout(event);
    JsonNode json = new ObjectMapper().readTree(line);

    assertThat(line).endsWith(System.lineSeparator()).doesNotContain("\n{");
    assertThat(json.get("message").asText())
        .isEqualTo("re-issued certificate abcd1234 as efgh5678");
    assertThat(json.get("level").asText()).isEqualTo("INFO");
    assertThat(json.get("event").asText()).isEqualTo("reissue_succeeded");
    assertThat(json.get("account").asText()).isEqualTo("main");
    assertThat(json.get("certificate_id").asText()).isEqualTo("abcd1234");
    assertThat(json.get("request_id").asText()).isEqualTo("r-1");
    assertThat(json.get("time").asText()).isEqualTo("2026-11-18T11:06:40Z");
  }
}
