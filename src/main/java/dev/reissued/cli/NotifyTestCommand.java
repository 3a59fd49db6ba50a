package dev.reissued.cli;

import dev.reissued.Printable;
import dev.reissued.config.WebhookConfig;
import dev.reissued.notify.WebhookMessages;
import dev.reissued.notify.WebhookSender;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "notify-test",
    description = {
      "Send a test message to every configured webhook (or the one named), directly, and say whether each took it.",
      "Exit 0 when all did, 1 when one did not (the reason is printed; never the URL)."
    })
final class NotifyTestCommand implements Callable<Integer> {
  @Mixin ConfigOption config;
  @Spec CommandSpec spec;

  @Option(names = "--webhook", paramLabel = "NAME", description = "only this webhook")
  String only;

  @Override
  public Integer call() {
    List<WebhookConfig> webhooks = config.load().notifications().webhooks();
    if (only != null) {
      webhooks = webhooks.stream().filter(webhook -> webhook.name().equals(only)).toList();
      if (webhooks.isEmpty()) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--webhook: no webhook named '" + only + "' in notify.webhooks");
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    if (webhooks.isEmpty()) {
      spec.commandLine().getErr().println("reissued: no webhooks configured (notify.webhooks)");
      return ExitCode.FAILURE;
    }
    WebhookSender sender = new WebhookSender();
    String host = hostName();
    int exitCode = ExitCode.OK;
    for (WebhookConfig webhook : webhooks) {
      String body =
          WebhookMessages.testBody(
              webhook.kind(),
              "test message from reissued on " + host + ": this webhook works",
              Instant.now());
      Optional<String> problem = sender.send(webhook, body);
      if (problem.isEmpty()) {
        out.println(webhook.name() + " (" + webhook.kind() + "): ok");
      } else {
        out.println(
            webhook.name()
                + " ("
                + webhook.kind()
                + "): FAILED: "
                + Printable.escape(problem.get()));
        exitCode = ExitCode.FAILURE;
      }
      out.flush();
    }
    return exitCode;
  }

  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException unknown) {
      return "this host";
    }
  }
}
