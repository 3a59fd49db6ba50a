package dev.reissued.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.reissued.keys.MasterKey;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code reissued notify-test} sends one message per webhook and reports each, without a database.
 */
class NotifyTestCommandTest {
  @TempDir Path directory;
  HttpServer server;
  final List<String> received = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            received.add(
                exchange.getRequestURI().getPath()
                    + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            boolean broken = exchange.getRequestURI().getPath().startsWith("/broken");
            byte[] answer =
                (broken
                        ? "{\"errcode\":93000,\"errmsg\":\"invalid webhook url\"}"
                        : "{\"errcode\":0,\"errmsg\":\"ok\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
          }
        });
    server.start();
  }

  @AfterEach
  void stopReceiver() {
    server.stop(0);
  }

  Path config(String webhooks) throws IOException {
    Path masterKey = directory.resolve("master.key");
    Files.createFile(
        masterKey,
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(masterKey, MasterKey.generateBase64());
    Path config = directory.resolve("reissued.yaml");
    Files.writeString(
        config,
        """
        database: { url: "jdbc:postgresql://127.0.0.1:1/unused" }
        accounts: [ { name: main, secretId: AKIDexample, secretKey: the-secret-key } ]
        keys: { masterKeyFile: master.key }
        notify:
          webhooks:
        %s
        """
            .formatted(webhooks.indent(4)));
    return config;
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  @Test
  void every_webhook_gets_a_test_message_in_its_format_and_a_refusal_is_exit_1()
      throws IOException {
    Path config =
        config(
            """
            - { name: ops, kind: wecom, url: "%s" }
            - { name: lark, kind: feishu, url: "%s" }
            - { name: old, kind: wecom, url: "%s" }
            """
                .formatted(
                    url("/ok/wecom?key=k1"), url("/ok/feishu"), url("/broken?key=secret-token")));

    CliRun run = CliRun.of("notify-test", "-c", config.toString());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    assertThat(run.out())
        .contains(
            "ops (wecom): ok",
            "lark (feishu): ok",
            "old (wecom): FAILED: errcode 93000: invalid webhook url");
    assertThat(run.out() + run.err()).doesNotContain("secret-token");
    assertThat(received).hasSize(3);
    assertThat(received.get(0))
        .startsWith("/ok/wecom {\"msgtype\":\"markdown\"")
        .contains("[reissued] test message");
    assertThat(received.get(1)).startsWith("/ok/feishu {\"msg_type\":\"text\"");
  }

  @Test
  void one_named_webhook_can_be_tested_alone() throws IOException {
    Path config =
        config(
            """
            - { name: ops, kind: generic, url: "%s" }
            - { name: other, kind: slack, url: "%s" }
            """
                .formatted(url("/ok/generic"), url("/ok/slack")));

    CliRun run = CliRun.of("notify-test", "-c", config.toString(), "--webhook", "ops");
    CliRun unknown = CliRun.of("notify-test", "-c", config.toString(), "--webhook", "nope");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("ops (generic): ok").doesNotContain("other");
    assertThat(received).singleElement().asString().contains("\"event\":\"test\"");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("no webhook named 'nope'");
  }
}
