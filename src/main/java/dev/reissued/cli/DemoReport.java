package dev.reissued.cli;

import dev.reissued.Printable;
import dev.reissued.sandbox.Sandbox;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** The demo's tables: what was renewed and how, what was delivered, the metrics page. */
final class DemoReport {
  private DemoReport() {}

  /**
   * The cloud resources of the sandbox that moved: which certificate each held before the cloud
   * pass and which it holds now.
   */
  static void cloudMoves(
      PrintWriter out,
      java.util.Map<dev.reissued.sandbox.SandboxResource, String> before,
      java.util.Map<dev.reissued.sandbox.SandboxResource, String> after) {
    TextTable table = new TextTable("RESOURCE", "BEFORE", "NOW");
    before.entrySet().stream()
        .sorted(
            java.util.Map.Entry.comparingByKey(java.util.Comparator.comparing(r -> r.describe())))
        .forEach(
            entry -> {
              String now = after.get(entry.getKey());
              table.row(
                  entry.getKey().describe(),
                  entry.getValue(),
                  now == null
                      ? "(gone)"
                      : now.equals(entry.getValue()) ? now + " (untouched)" : now);
            });
    table.print(out);
  }

  /** Each lineage's renewals: re-issue or apply, and whether it really extended validity. */
  static void renewals(PrintWriter out, Services services) {
    TextTable table = new TextTable("DOMAIN", "FROM", "TO", "BY", "NEW END", "EXTENDED");
    services
        .database()
        .jdbc()
        .query(
            "SELECT domain, certificate_id, new_certificate_id, kind, issued_not_after, extended"
                + " FROM v_reissues WHERE state = 'succeeded' ORDER BY domain, id",
            row ->
                table.row(
                    row.getString(1),
                    row.getString(2),
                    row.getString(3),
                    "apply".equals(row.getString(4)) ? "ApplyCertificate" : "ReplaceCertificate",
                    row.getTimestamp(5) == null
                        ? "-"
                        : row.getTimestamp(5).toInstant().toString().substring(0, 10),
                    row.getObject(6) == null ? "-" : row.getBoolean(6) ? "yes" : "no"));
    table.print(out);
  }

  /**
   * What was delivered, what the deploy hook saw, and openssl's verdict on each certificate
   * written.
   */
  static void deliveries(PrintWriter out, Services services, Path directory, Sandbox sandbox)
      throws Exception {
    Path ca = directory.resolve("sandbox-ca.pem");
    Files.writeString(ca, sandbox.caCertificatePem());
    TextTable deliveries =
        new TextTable("DOMAIN", "NEW ID", "KEY", "FILES", "HOOK", "OPENSSL VERIFY");
    services
        .database()
        .jdbc()
        .query(
            "SELECT domain, certificate_id, key_source, files_path, hook_status FROM v_deliveries ORDER BY reissue_id",
            row ->
                deliveries.row(
                    row.getString(1),
                    row.getString(2),
                    row.getString(3),
                    row.getString(4),
                    row.getString(5),
                    verify(ca, row.getString(4))));
    deliveries.print(out);
    Path hookLog = directory.resolve("deploy-hook.log");
    out.println("deploy hook runs (" + hookLog + "):");
    if (Files.exists(hookLog)) {
      Files.readAllLines(hookLog).forEach(line -> out.println("  " + Printable.escape(line)));
    }
    out.println(
        "check one yourself: cd <files> && openssl verify -CAfile "
            + ca
            + " -untrusted chain.pem cert.pem");
  }

  /**
   * {@code openssl verify -CAfile <sandbox CA> -untrusted chain.pem cert.pem} in the files'
   * directory.
   */
  private static String verify(Path ca, String files) {
    Path openssl = Path.of("/usr/bin/openssl");
    if (files == null) {
      return "-";
    }
    if (!Files.isExecutable(openssl)) {
      return "(no openssl)";
    }
    try {
      Process process =
          new ProcessBuilder(
                  openssl.toString(),
                  "verify",
                  "-CAfile",
                  ca.toString(),
                  "-untrusted",
                  "chain.pem",
                  "cert.pem")
              .directory(Path.of(files).toFile())
              .redirectErrorStream(true)
              .start();
      String output =
          new String(
                  process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
              .strip();
      process.waitFor();
      return output.lines().reduce((first, second) -> second).orElse("exit " + process.exitValue());
    } catch (IOException | InterruptedException failure) {
      return "cannot run openssl: " + failure.getMessage();
    }
  }

  /** Reads the page over HTTP, as Prometheus would, and shows a sample of reissued's series. */
  static void metrics(PrintWriter out, int port) throws IOException, InterruptedException {
    var response =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    java.util.Map<String, Integer> shown = new java.util.HashMap<>();
    response
        .body()
        .lines()
        .filter(line -> line.startsWith("reissued_") && !line.contains("_bucket{"))
        .filter(
            line ->
                shown.merge(
                        line.substring(0, line.indexOf(line.contains("{") ? '{' : ' ')),
                        1,
                        Integer::sum)
                    <= 2)
        .forEach(line -> out.println("  " + line));
  }
}
