package dev.reissued.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reissued.ReissuedException;
import dev.reissued.db.PostgresExtension;
import dev.reissued.sandbox.Sandbox;
import dev.reissued.sandbox.SandboxCertificate;
import dev.reissued.sandbox.SandboxOptions;
import dev.reissued.testing.TestConfigs;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Domain names from the API holding ESC and newlines ({@code ESC[2J} clears a screen): every human
 * output and log line shows them escaped, one row and one line each; JSON keeps the real value.
 */
class HostileTextTest {
  static final String HOSTILE = "evil\u001b[2J\nforged row.example.com\u202e";
  static final String SHOWN = "evil\\u001b[2J\\nforged row.example.com\\u202e";
  static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension final PostgresExtension postgres = new PostgresExtension();
  @TempDir Path directory;
  Sandbox sandbox;

  @AfterEach
  void stop() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  Path syncedHostileInventory() {
    Instant now = Instant.now();
    sandbox =
        Sandbox.start(
            SandboxOptions.defaults()
                .withInventory(
                    List.of(
                        SandboxCertificate.builder("Hostile1", HOSTILE)
                            .validity(now.minus(Duration.ofDays(80)), now.plus(Duration.ofDays(10)))
                            .build(),
                        SandboxCertificate.builder("Plain001", "plain.example.com")
                            .validity(now.minus(Duration.ofDays(10)), now.plus(Duration.ofDays(80)))
                            .build())));
    Path config = TestConfigs.write(directory, postgres.jdbcUrl(), sandbox, "");
    CliRun sync = CliRun.of("sync", "-c", config.toString());
    assertThat(sync.exitCode()).as(sync.err()).isZero();
    return config;
  }

  static void assertShownEscaped(String output, int lines) {
    assertThat(output).contains(SHOWN).doesNotContain("\u001b").doesNotContain("\u202e");
    assertThat(output.lines()).as(output).hasSize(lines);
    assertThat(output.lines().filter(line -> line.startsWith("forged"))).isEmpty();
  }

  @Test
  void status_and_plan_show_a_domain_with_esc_and_newline_escaped_on_one_row() {
    Path config = syncedHostileInventory();

    CliRun status = CliRun.of("status", "-c", config.toString());
    CliRun plan = CliRun.of("plan", "-c", config.toString());

    assertThat(status.exitCode()).as(status.err()).isZero();
    assertShownEscaped(status.out(), 3);
    assertThat(plan.exitCode()).as(plan.err()).isZero();
    assertThat(plan.out()).contains("plain.example.com");
    assertShownEscaped(plan.out(), (int) plan.out().lines().count());
    assertThat(plan.out().lines().filter(line -> line.contains("Hostile1")))
        .singleElement()
        .asString()
        .contains(SHOWN);
  }

  @Test
  void json_output_stays_valid_json_with_the_real_value() throws Exception {
    Path config = syncedHostileInventory();

    CliRun status = CliRun.of("status", "--json", "-c", config.toString());
    CliRun plan = CliRun.of("plan", "--json", "-c", config.toString());

    for (CliRun run : List.of(status, plan)) {
      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(run.out()).doesNotContain("\u001b").doesNotContain("\u202e");
      JsonNode rows = JSON.readTree(run.out());
      assertThat(rows).anySatisfy(row -> assertThat(row.get("domain").asText()).isEqualTo(HOSTILE));
    }
  }

  @Test
  void an_error_quoting_the_api_reaches_stderr_escaped() {
    StringWriter err = new StringWriter();
    int exitCode =
        new ExceptionHandler()
            .handleExecutionException(
                new ReissuedException("certificate for " + HOSTILE + " failed"),
                Main.commandLine(),
                null);
    CliRun run = CliRun.of("check-config", "-c", directory.resolve("ab\u001bsent.yaml").toString());

    assertThat(exitCode).isEqualTo(ExitCode.FAILURE);
    assertThat(run.err()).contains("ab\\u001bsent.yaml").doesNotContain("\u001b");
  }

  /** The text layout exactly as the console log is configured. */
  static String textLayout(ILoggingEvent event) throws Exception {
    LoggerContext context = new LoggerContext();
    ConsoleLog configurator = new ConsoleLog();
    configurator.setContext(context);
    configurator.configure(context);
    ConsoleAppender<ILoggingEvent> appender =
        (ConsoleAppender<ILoggingEvent>)
            context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR");
    LayoutWrappingEncoder<ILoggingEvent> encoder =
        (LayoutWrappingEncoder<ILoggingEvent>) appender.getEncoder();
    return encoder.getLayout().doLayout(event);
  }

  static LoggingEvent event(Throwable thrown) {
    LoggingEvent event =
        new LoggingEvent(
            "test",
            new LoggerContext().getLogger("dev.reissued.deliver.Delivery"),
            Level.ERROR,
            "cannot deliver certificate {} ({})",
            thrown,
            new Object[] {"Hostile1", HOSTILE});
    event.setThreadName("track\u001b]0;owned\u0007");
    return event;
  }

  @Test
  void a_log_line_holding_esc_and_newline_stays_one_escaped_line() throws Exception {
    String plain = textLayout(event(null));
    String withTrace =
        textLayout(
            event(new ReissuedException("about " + HOSTILE, new IllegalStateException(HOSTILE))));

    assertThat(plain.lines()).singleElement().asString().contains("(" + SHOWN + ")");
    assertThat(plain + withTrace).doesNotContain("\u001b").doesNotContain("\u202e");
    assertThat(withTrace.lines().filter(line -> !line.startsWith("\t")))
        .hasSize(3)
        .anySatisfy(line -> assertThat(line).endsWith("ReissuedException: about " + SHOWN))
        .anySatisfy(
            line ->
                assertThat(line).endsWith("Caused by: java.lang.IllegalStateException: " + SHOWN));
  }

  @Test
  void a_json_log_line_escapes_esc_c1_and_bidi_and_parses_to_the_real_value() throws Exception {
    JsonLineLayout layout = new JsonLineLayout();
    layout.setContext(new LoggerContext());
    layout.start();
    LoggingEvent event = event(null);
    event.setMDCPropertyMap(Map.of("domain", HOSTILE + "\u009b"));

    String line = layout.doLayout(event);
    JsonNode json = JSON.readTree(line);

    assertThat(line.lines()).hasSize(1);
    assertThat(line)
        .doesNotContain("\u001b")
        .doesNotContain("\u202e")
        .doesNotContain("\u009b")
        .contains("\\u202e", "\\u009b");
    assertThat(json.get("message").asText())
        .isEqualTo("cannot deliver certificate Hostile1 (" + HOSTILE + ")");
    assertThat(json.get("domain").asText()).isEqualTo(HOSTILE + "\u009b");
  }
}
