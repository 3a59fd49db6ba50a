package dev.reissued.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reissued.cli.CliAccess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The packaged launcher and manual page, which the .deb installs as they are in the repository. */
class LauncherAndManualTest {
  static final Path LAUNCHER = Path.of("bin/reissued");
  static final Path MANUAL = Path.of("packaging/deb/reissued.1");

  @Test
  void launcher_puts_the_operators_java_opts_after_its_defaults_so_they_win() throws Exception {
    String launcher = Files.readString(LAUNCHER);

    assertThat(launcher)
        .contains("default_java_opts=(-Xmx512m -XX:+ExitOnOutOfMemoryError)")
        .contains(
            "exec java \"${default_java_opts[@]}\" ${REISSUED_JAVA_OPTS:-} -jar \"$jar\" \"$@\"");
  }

  @Test
  void launcher_runs_the_packaged_jar_when_installed_outside_a_checkout() throws Exception {
    assertThat(Files.readString(LAUNCHER))
        .contains("jar=\"$root/share/reissued/reissued.jar\"")
        .contains("if [[ -f \"$root/pom.xml\" ]]; then");
  }

  @Test
  void manual_page_describes_every_command_and_the_default_heap() throws Exception {
    String manual = Files.readString(MANUAL);
    String help = CliAccess.run("--help").out();
    List<String> commands =
        help.substring(help.indexOf("Commands:"))
            .lines()
            .skip(1)
            .map(line -> Pattern.compile("^  (\\S+)").matcher(line))
            .filter(Matcher::find)
            .map(match -> match.group(1))
            .toList();

    assertThat(commands).contains("run", "check-config", "resolve");
    for (String command : commands) {
      assertThat(manual)
          .as("manual page entry for " + command)
          .containsPattern("(?m)^\\.B " + Pattern.quote(command.replace("-", "\\-")) + "( |$)");
    }
    assertThat(manual).contains("\\-Xmx512m \\-XX:+ExitOnOutOfMemoryError");
  }
}
