package io.bastion.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongToDoubleFunction;

/** CPU time and peak resident memory of processes, from /proc (Linux). */
final class ProcStats {

  private static final double TICKS_PER_SECOND = 100.0; // CLK_TCK on Linux

  private ProcStats() {
  }

  /** User plus system CPU seconds of a process and, when asked, all its descendants still alive. */
  static double cpuSeconds(long pid, boolean withChildren) {
    return sum(pid, withChildren, ProcStats::ownCpu);
  }

  /** Peak resident set size in MiB (VmHWM), summed over descendants when asked. */
  static double peakRssMb(long pid, boolean withChildren) {
    return sum(pid, withChildren, ProcStats::hwm);
  }

  private static double sum(long pid, boolean withChildren, LongToDoubleFunction ofOne) {
    double total = ofOne.applyAsDouble(pid);
    if (withChildren) {
      for (long child : descendants(pid)) {
        total += ofOne.applyAsDouble(child);
      }
    }
    return total;
  }

  private static double ownCpu(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // after "pid (comm) ": state is f[0]; utime and stime are fields 14 and 15 of the line, f[11] and f[12]
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  private static double hwm(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
        }
      }
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    return 0;
  }

  static List<Long> descendants(long pid) {
    List<Long> result = new ArrayList<>();
    ProcessHandle.of(pid).ifPresent(p -> p.descendants().forEach(d -> result.add(d.pid())));
    return result;
  }

  /** The postmaster of a data directory (first line of postmaster.pid), or -1. */
  static long postmaster(Path dataDir) {
    try {
      return Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
