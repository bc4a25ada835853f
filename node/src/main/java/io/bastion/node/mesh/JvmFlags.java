package io.bastion.node.mesh;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The JVM options of every process the mesh starter launches, in one place: heap, the module openings Hazelcast
 * asks for, the security nodes' class-data-sharing archive, and the operator's extra options last (so that they
 * win over ours).
 */
public final class JvmFlags {

  /** Hazelcast asks for these to use its fast paths; without them it only warns. */
  public static final List<String> HAZELCAST = List.of(
      "--add-modules", "java.se",
      "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
      "--add-opens", "java.base/java.lang=ALL-UNNAMED",
      "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens", "java.management/sun.management=ALL-UNNAMED",
      "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED");

  private JvmFlags() {
  }

  /** A clustered node: heap, Hazelcast's openings, the CDS archive when there is one, then {@code extra}. */
  public static List<String> node(String heap, Optional<Path> cdsArchive, List<String> extra) {
    List<String> flags = new ArrayList<>();
    flags.add("-Xmx" + heap);
    flags.addAll(HAZELCAST);
    cdsArchive.ifPresent(archive -> flags.add("-XX:SharedArchiveFile=" + archive));
    flags.addAll(extra);
    return flags;
  }

  /**
   * The training run of a security node that writes the CDS archive when it exits: the node's flags, with
   * {@code ArchiveClassesAtExit} in place of the archive it cannot use yet, and the CDS warnings silenced.
   */
  public static List<String> cdsTraining(String heap, Path archive, List<String> extra) {
    List<String> flags = node(heap, Optional.empty(), extra);
    flags.addAll(List.of("-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
    return flags;
  }

  /** The database process: a small heap (PostgreSQL itself runs outside the JVM), then {@code extra}. */
  public static List<String> database(String heap, List<String> extra) {
    List<String> flags = new ArrayList<>();
    flags.add("-Xmx" + heap);
    flags.addAll(extra);
    return flags;
  }

  /** Options written on one line, as in {@code BASTION_NODE_OPTS="-Xss512k -XX:+UseSerialGC"}. */
  public static List<String> split(String options) {
    if (options == null || options.isBlank()) {
      return List.of();
    }
    return Arrays.stream(options.trim().split("\\s+")).toList();
  }
}
