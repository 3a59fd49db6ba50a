package dev.reissued.notify;

import dev.reissued.config.WebhookConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * POSTs one message to one webhook and says whether the service took it. Connecting and answering
 * are each bounded by {@link #TIMEOUT}. The URL usually embeds the robot's token: it never appears
 * in what this returns (errors are masked) nor in logs, which name the webhook instead.
 */
public final class WebhookSender {
  public static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final HttpClient http;
  private final Duration timeout;

  public WebhookSender() {
    this(TIMEOUT);
  }

  WebhookSender(Duration timeout) {
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** Sends the event; empty when the service accepted it, otherwise why not (never the URL). */
  public Optional<String> send(WebhookConfig webhook, Event event) {
    return send(webhook, WebhookMessages.body(webhook.kind(), event));
  }

  /** Sends a body made by {@link WebhookMessages}; empty when the service accepted it. */
  public Optional<String> send(WebhookConfig webhook, String body) {
    String url = webhook.url().reveal();
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException invalid) {
      return Optional.of("the configured URL is not a valid URI");
    }
    if (uri.getScheme() == null
        || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))) {
      return Optional.of("the configured URL is not an http(s) URL");
    }
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Content-Type", "application/json; charset=utf-8")
            .header("User-Agent", "reissued")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build();
    try {
      HttpResponse<String> response =
          http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return WebhookMessages.refusal(webhook.kind(), response.statusCode(), response.body())
          .map(text -> mask(text, uri));
    } catch (IOException failure) {
      String message =
          failure.getMessage() == null || failure.getMessage().isBlank()
              ? ""
              : ": " + failure.getMessage();
      return Optional.of(mask(failure.getClass().getSimpleName() + message, uri));
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted while sending (the daemon is stopping)");
    }
  }

  /** Removes the URL and its secret-bearing parts from text that may quote them. */
  static String mask(String text, URI uri) {
    String masked = text.replace(uri.toString(), "<webhook url>");
    for (String part :
        new String[] {uri.getRawQuery(), uri.getRawPath(), uri.getQuery(), uri.getPath()}) {
      if (part != null && part.length() > 1) {
        masked = masked.replace(part, "<masked>");
      }
    }
    return masked;
  }
}
