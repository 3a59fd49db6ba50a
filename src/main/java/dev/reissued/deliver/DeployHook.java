package dev.reissued.deliver;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code output.deployHook} through {@code /bin/sh -c}, with standard input from {@code
 * /dev/null} and standard output and error together in a private temporary file, of which the last
 * {@value #OUTPUT_TAIL_BYTES} bytes are kept. Past the timeout the whole process tree is sent
 * SIGTERM, and SIGKILL after a grace period.
 *
 * <p>The hook does not inherit reissued's environment, which may hold credentials (API keys in
 * {@code EnvironmentFile=}, systemd's {@code CREDENTIALS_DIRECTORY}): it gets {@code PATH}, {@code
 * HOME}, {@code USER}, {@code LOGNAME}, {@code SHELL}, {@code LANG}, {@code LC_ALL}, {@code TZ} and
 * {@code TMPDIR} when set, and the {@code REISSUED_*} variables of the certificate.
 */
public final class DeployHook {
  public static final int OUTPUT_TAIL_BYTES = 4096;
  static final Duration DEFAULT_KILL_GRACE = Duration.ofSeconds(5);
  private static final Duration POLL = Duration.ofMillis(50);
  private static final List<String> PASSED_ON =
      List.of("PATH", "HOME", "USER", "LOGNAME", "SHELL", "LANG", "LC_ALL", "TZ", "TMPDIR");
  private static final String DEFAULT_PATH =
      "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  private final String command;
  private final Duration timeout;
  private final Duration killGrace;

  public DeployHook(String command, Duration timeout) {
    this(command, timeout, DEFAULT_KILL_GRACE);
  }

  DeployHook(String command, Duration timeout, Duration killGrace) {
    this.command = command;
    this.timeout = timeout;
    this.killGrace = killGrace;
  }

  /**
   * One run: the exit status (null when it did not exit by itself), the output's tail, and when it
   * did not exit by itself, why ({@code failure}: timed out, interrupted, could not start).
   */
  public record Run(
      Integer exitStatus, boolean timedOut, String outputTail, Duration duration, String failure) {
    public boolean succeeded() {
      return failure == null && !timedOut && exitStatus != null && exitStatus == 0;
    }

    /** "exit 0", "exit 3", "timed out after PT1M, killed", or why it did not run. */
    public String describe() {
      return failure != null ? failure : "exit " + exitStatus;
    }
  }

  public Run run(Map<String, String> variables, Path workingDirectory) {
    Path output = null;
    long started = System.nanoTime();
    try {
      output =
          Files.createTempFile(
              "reissued-hook-",
              ".out",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", command);
      Map<String, String> environment = builder.environment();
      Map<String, String> inherited = Map.copyOf(environment);
      environment.clear();
      for (String name : PASSED_ON) {
        if (inherited.containsKey(name)) {
          environment.put(name, inherited.get(name));
        }
      }
      environment.putIfAbsent("PATH", DEFAULT_PATH);
      environment.putAll(variables);
      builder.directory(workingDirectory.toFile());
      builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      builder.redirectErrorStream(true);
      builder.redirectOutput(output.toFile());
      Process process = builder.start();
      boolean exited;
      try {
        exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException interrupted) {
        killTree(process);
        Thread.currentThread().interrupt();
        return new Run(
            null,
            false,
            tail(output),
            elapsed(started),
            "interrupted: reissued is stopping; the hook was killed");
      }
      if (!exited) {
        killTree(process);
        return new Run(
            null, true, tail(output), elapsed(started), "timed out after " + timeout + ", killed");
      }
      return new Run(process.exitValue(), false, tail(output), elapsed(started), null);
    } catch (IOException cannotStart) {
      return new Run(
          null,
          false,
          output == null ? "" : tail(output),
          elapsed(started),
          "cannot run /bin/sh: " + cannotStart.getMessage());
    } finally {
      if (output != null) {
        try {
          Files.deleteIfExists(output);
        } catch (IOException ignored) {
          // A temporary file left behind; the tail is already read.
        }
      }
    }
  }

  /**
   * SIGTERM to the shell and everything it started, then SIGKILL to whatever is left after the
   * grace.
   */
  private void killTree(Process process) {
    List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
    tree.add(process.toHandle());
    tree.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + killGrace.toNanos();
    while (tree.stream().anyMatch(DeployHook::running) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    tree.stream().filter(DeployHook::running).forEach(ProcessHandle::destroyForcibly);
  }

  /**
   * Alive and not a zombie. The shell's children are not ours to reap: once the shell is gone they
   * wait for init, which in a container may never come, and {@link ProcessHandle#isAlive()} counts
   * a zombie as alive.
   */
  private static boolean running(ProcessHandle handle) {
    if (!handle.isAlive()) {
      return false;
    }
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(handle.pid()), "stat"));
      int end = stat.lastIndexOf(')');
      return end < 0 || end + 2 >= stat.length() || stat.charAt(end + 2) != 'Z';
    } catch (IOException | RuntimeException noProc) {
      return handle.isAlive();
    }
  }

  private static Duration elapsed(long started) {
    return Duration.ofNanos(System.nanoTime() - started);
  }

  /**
   * The last bytes of the output as text: invalid UTF-8 replaced, NUL removed (PostgreSQL text
   * refuses it).
   */
  static String tail(Path output) {
    try (RandomAccessFile file = new RandomAccessFile(output.toFile(), "r")) {
      long length = file.length();
      int size = (int) Math.min(length, OUTPUT_TAIL_BYTES);
      byte[] bytes = new byte[size];
      file.seek(length - size);
      file.readFully(bytes);
      String text = new String(bytes, StandardCharsets.UTF_8).replace("\u0000", "");
      return length > size ? "..." + text : text;
    } catch (IOException unreadable) {
      return "(output unreadable: " + unreadable.getMessage() + ")";
    }
  }

  @Override
  public String toString() {
    return "DeployHook[timeout=" + timeout + "]";
  }
}
