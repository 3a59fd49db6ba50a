package dev.reissued.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/** The demo's stand-in for a chat service: a loopback HTTP endpoint that keeps what it is sent. */
final class DemoWebhook implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpServer server;
  private final List<JsonNode> messages = new ArrayList<>();

  private DemoWebhook(HttpServer server) {
    this.server = server;
  }

  static DemoWebhook start() {
    try {
      DemoWebhook webhook =
          new DemoWebhook(
              HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
      webhook.server.createContext(
          "/",
          exchange -> {
            try (exchange) {
              JsonNode message = JSON.readTree(exchange.getRequestBody());
              synchronized (webhook) {
                webhook.messages.add(message);
              }
              exchange.sendResponseHeaders(200, 2);
              exchange
                  .getResponseBody()
                  .write("ok".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
          });
      webhook.server.start();
      return webhook;
    } catch (IOException failure) {
      throw new UncheckedIOException("cannot start the demo webhook", failure);
    }
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  synchronized List<JsonNode> messages() {
    return List.copyOf(messages);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
