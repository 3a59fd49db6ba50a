package dev.reissued.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemdUnitTest {
  static final Path UNIT = Path.of("systemd/reissued.service");

  @Test
  void unit_passes_systemd_analyze_verify(@TempDir Path directory) throws Exception {
    Path analyze = Path.of("/usr/bin/systemd-analyze");
    assumeTrue(Files.isExecutable(analyze), "systemd-analyze is not installed");
    // verify checks that ExecStart's program exists: point it at the launcher the package installs.
    Path unit = directory.resolve("reissued.service");
    Files.writeString(
        unit,
        Files.readString(UNIT)
            .replace("/usr/bin/reissued", Path.of("bin/reissued").toAbsolutePath().toString()));
    Process process =
        new ProcessBuilder(analyze.toString(), "verify", unit.toString())
            .redirectErrorStream(true)
            .start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).doesNotContain("reissued.service:");
  }

  @Test
  void unit_is_hardened_but_leaves_the_jit_alone() throws Exception {
    String unit = Files.readString(UNIT);

    assertThat(unit)
        .contains(
            "NoNewPrivileges=yes",
            "ProtectSystem=strict",
            "ReadWritePaths=/var/lib/reissued",
            "ProtectHome=yes",
            "PrivateTmp=yes",
            "PrivateDevices=yes",
            "ProtectKernelTunables=yes",
            "RestrictAddressFamilies=",
            "SystemCallFilter=@system-service",
            "Restart=on-failure",
            "LoadCredential=",
            "User=reissued",
            "ExecStart=/usr/bin/reissued run");
    assertThat(unit.lines()).noneMatch(line -> line.startsWith("MemoryDenyWriteExecute="));
  }
}
