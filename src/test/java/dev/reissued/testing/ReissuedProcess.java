package dev.reissued.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One {@code reissued} command line as an operating system process of its own, as systemd or an
 * operator would run it: a fresh JVM on the test JVM's classpath ({@code target/classes} and every
 * dependency), so SIGKILL and SIGTERM reach a real process and its database sessions die with it.
 * Its stdout and stderr go to one file, to wait on log lines and to diagnose a failure.
 */
public final class ReissuedProcess implements AutoCloseable {
  /** Small heap and quick start-up: tests start many of these on a machine shared with others. */
  private static final List<String> JVM_OPTIONS =
      List.of("-Xmx256m", "-XX:+UseSerialGC", "-Xshare:auto");

  private static final Duration REAP = Duration.ofSeconds(10);

  private final String name;
  private final Process process;
  private final Path output;

  private ReissuedProcess(String name, Process process, Path output) {
    this.name = name;
    this.process = process;
    this.output = output;
  }

  /** Starts {@code reissued ARGUMENTS} in {@code directory}, its output in {@code output}. */
  public static ReissuedProcess start(
      String name, Path directory, Path output, String... arguments) {
    return start(
        name, directory, output, System.getProperty("java.class.path"), List.of(arguments));
  }

  /**
   * The same on the class path {@code classPath}: for a caller whose own class path is not the
   * project's, such as a harness that {@code exec:java} runs inside Maven's JVM.
   */
  public static ReissuedProcess start(
      String name, Path directory, Path output, String classPath, List<String> arguments) {
    List<String> command = command(classPath, arguments);
    try {
      Files.createDirectories(output.getParent());
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(directory.toFile())
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
      builder.environment().remove("REISSUED_CONFIG");
      return new ReissuedProcess(name, builder.start(), output);
    } catch (IOException failure) {
      throw new UncheckedIOException("cannot start " + name + ": " + command, failure);
    }
  }

  /** What a finished command printed, stdout and stderr apart. */
  public record Finished(int exitCode, String out, String err) {}

  /**
   * Runs {@code reissued ARGUMENTS} in {@code directory} to its end, keeping stdout and stderr
   * apart: for commands whose output is the point, as an operator's shell would see it.
   */
  public static Finished run(Path directory, Duration timeout, String... arguments) {
    try {
      Path out = Files.createTempFile(directory, "stdout-", ".txt");
      Path err = Files.createTempFile(directory, "stderr-", ".txt");
      ProcessBuilder builder =
          new ProcessBuilder(command(arguments))
              .directory(directory.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
      builder.environment().remove("REISSUED_CONFIG");
      Process process = builder.start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(
            "reissued " + String.join(" ", arguments) + " did not end within " + timeout);
      }
      return new Finished(
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } catch (IOException failure) {
      throw new UncheckedIOException("cannot run reissued " + List.of(arguments), failure);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running reissued", interrupted);
    }
  }

  private static List<String> command(String... arguments) {
    return command(System.getProperty("java.class.path"), List.of(arguments));
  }

  private static List<String> command(String classPath, List<String> arguments) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(JVM_OPTIONS);
    command.add("-cp");
    command.add(classPath);
    command.add("dev.reissued.cli.Main");
    command.addAll(arguments);
    return command;
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Everything the process printed so far. */
  public String output() {
    try {
      return Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "";
    } catch (IOException failure) {
      return "(cannot read " + output + ": " + failure.getMessage() + ")";
    }
  }

  public boolean printed(String fragment) {
    return output().contains(fragment);
  }

  /**
   * Waits until the output contains {@code fragment}; fails early if the process ends without it.
   */
  public void awaitOutput(String fragment, Duration timeout) {
    Await.until(
        name + " to print '" + fragment + "'",
        timeout,
        () -> !process.isAlive() || printed(fragment),
        this::describe);
    if (!printed(fragment)) {
      throw new AssertionError(name + " ended without printing '" + fragment + "'\n" + describe());
    }
  }

  /**
   * Waits for the process to end and returns its exit code; fails (and kills it) after {@code
   * timeout}.
   */
  public int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        String description = describe();
        kill();
        throw new AssertionError(
            name + " did not exit within " + timeout.toSeconds() + " s\n" + description);
      }
      return process.exitValue();
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for " + name, interrupted);
    }
  }

  /** SIGTERM: what systemd sends on stop. */
  public void terminate() {
    process.destroy();
  }

  /**
   * SIGKILL, and waits (bounded) until the process is gone, so its sessions and sockets are closed.
   */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(REAP.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Name, pid, state and the last lines of output, for failure messages. */
  public String describe() {
    String text = output();
    String[] lines = text.split("\n");
    int from = Math.max(0, lines.length - 40);
    StringBuilder tail = new StringBuilder();
    for (int index = from; index < lines.length; index++) {
      tail.append("  | ").append(lines[index]).append('\n');
    }
    return "--- "
        + name
        + " (pid "
        + process.pid()
        + ", "
        + (process.isAlive() ? "running" : "exit " + process.exitValue())
        + ", full output in "
        + output.toAbsolutePath()
        + ")\n"
        + tail;
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }
}
