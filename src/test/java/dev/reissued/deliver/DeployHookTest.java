package dev.reissued.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeployHookTest {
  @TempDir Path directory;

  DeployHook.Run run(String command, Duration timeout) {
    return new DeployHook(command, timeout, Duration.ofSeconds(2))
        .run(Map.of("REISSUED_DOMAIN", "www.example.com"), directory);
  }

  @Test
  void hook_gets_its_variables_and_a_scrubbed_environment_and_runs_in_the_given_directory()
      throws Exception {
    DeployHook.Run run = run("env > env.txt; pwd; echo to-stderr >&2", Duration.ofSeconds(10));

    assertThat(run.succeeded()).isTrue();
    assertThat(run.exitStatus()).isZero();
    assertThat(run.describe()).isEqualTo("exit 0");
    assertThat(run.outputTail()).contains(directory.toRealPath().toString()).contains("to-stderr");
    String environment = Files.readString(directory.resolve("env.txt"));
    assertThat(environment).contains("REISSUED_DOMAIN=www.example.com\n").contains("PATH=");
    // Whatever the JVM's environment holds (JAVA_HOME, MAVEN_*, credentials), the hook sees only
    // these.
    // The shell adds PWD, SHLVL and _ itself.
    Set<String> allowed =
        Set.of(
            "PATH", "HOME", "USER", "LOGNAME", "SHELL", "LANG", "LC_ALL", "TZ", "TMPDIR", "PWD",
            "SHLVL", "_");
    assertThat(environment.lines().map(line -> line.substring(0, line.indexOf('='))))
        .allMatch(name -> name.startsWith("REISSUED_") || allowed.contains(name));
  }

  @Test
  void failing_hook_reports_its_exit_status_and_output() {
    DeployHook.Run run = run("echo reload failed; exit 3", Duration.ofSeconds(10));

    assertThat(run.succeeded()).isFalse();
    assertThat(run.exitStatus()).isEqualTo(3);
    assertThat(run.timedOut()).isFalse();
    assertThat(run.describe()).isEqualTo("exit 3");
    assertThat(run.outputTail()).isEqualTo("reload failed\n");
  }

  @Test
  void hook_past_its_timeout_is_killed_with_everything_it_started() throws Exception {
    long started = System.nanoTime();
    DeployHook.Run run =
        run("sleep 60 & echo $! > child.pid; echo started; wait", Duration.ofSeconds(1));

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    assertThat(run.succeeded()).isFalse();
    assertThat(run.timedOut()).isTrue();
    assertThat(run.exitStatus()).isNull();
    assertThat(run.describe()).isEqualTo("timed out after PT1S, killed");
    assertThat(run.outputTail()).isEqualTo("started\n");
    long child = Long.parseLong(Files.readString(directory.resolve("child.pid")).strip());
    Optional<ProcessHandle> handle = ProcessHandle.of(child);
    if (handle.isPresent()) {
      handle.get().onExit().get(5, java.util.concurrent.TimeUnit.SECONDS);
    }
    assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
  }

  @Test
  void only_the_tail_of_a_long_output_is_kept() {
    DeployHook.Run run =
        run(
            "i=0; while [ $i -lt 500 ]; do echo line $i of noise; i=$((i+1)); done; echo THE END",
            Duration.ofSeconds(10));

    assertThat(run.outputTail()).startsWith("...").endsWith("THE END\n");
    assertThat(run.outputTail().length()).isLessThanOrEqualTo(DeployHook.OUTPUT_TAIL_BYTES + 3);
  }

  @Test
  void hook_that_cannot_start_says_why() {
    DeployHook.Run run =
        new DeployHook("true", Duration.ofSeconds(5)).run(Map.of(), directory.resolve("missing"));

    assertThat(run.succeeded()).isFalse();
    assertThat(run.describe()).startsWith("cannot run /bin/sh: ");
  }
}
