package dev.reissued.bench;

import dev.reissued.cli.Main;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code reissued ARGS} in a JVM of its own that, as it exits, writes to the file named first how
 * much heap it used at most (the heap pools' peaks added up: an upper bound, since each pool may
 * peak at another moment), its peak resident set ({@code VmHWM}) and the {@link System#nanoTime} at
 * which main began (the same clock in every JVM of the machine, so the parent can tell start-up
 * from the command's own work), and the CPU time it used: on a machine shared with other work the
 * wall time says as much about the others as about reissued. {@link ScaleBenchmark} runs the CLI
 * this way.
 */
public final class PeakHeap {
  private PeakHeap() {}

  public static void main(String[] args) {
    long mainStarted = System.nanoTime();
    Path report = Path.of(args[0]);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> write(report, mainStarted)));
    String[] command = new String[args.length - 1];
    System.arraycopy(args, 1, command, 0, command.length);
    Main.main(command);
  }

  private static void write(Path report, long mainStarted) {
    long heap = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
        heap += pool.getPeakUsage().getUsed();
      }
    }
    long residentKib = 0;
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          residentKib = Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
      long cpuNanos =
          ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
              .getProcessCpuTime();
      Files.writeString(
          report, heap + " " + residentKib * 1024 + " " + mainStarted + " " + cpuNanos);
    } catch (IOException | RuntimeException unreadable) {
      // The figures are missing from the table; the command's own outcome stands.
    }
  }
}
