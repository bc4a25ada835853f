package io.bastion.node.mesh;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code status}: the mesh that {@code ./bastion up} runs on this data directory, as its nodes describe themselves
 * on their management ports (see {@link MeshStatus}). Exit status: 0 every node ready, 1 some node not ready or
 * not answering (or the database gone), 3 no mesh running here.
 */
@Command(name = "status", sortOptions = false,
    description = "Shows the running mesh: each node (role, address, ready or not and why, uptime), the outbox "
        + "(depth, oldest row), dead letters, answers per second and the answer-to-report p99 of the last minute, "
        + "read from the nodes' management endpoints. Exit status 0 when every node is ready, 1 when one is not, "
        + "3 when no mesh runs on the data directory.")
final class StatusCommand implements Callable<Integer> {

  static final int NOT_READY = 1;
  static final int NOT_RUNNING = 3;

  @Spec
  CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
  boolean help;

  @Option(names = "--data-dir", defaultValue = "data", paramLabel = "D",
      description = "data directory of the mesh (where ./bastion up wrote mesh.json) [${DEFAULT-VALUE}]")
  Path dataDir;

  @Option(names = "--json", description = "print JSON instead of text")
  boolean json;

  @Option(names = "--timeout", defaultValue = "3", paramLabel = "S",
      description = "seconds to wait for each endpoint [${DEFAULT-VALUE}]")
  int timeoutSeconds;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    Optional<MeshRecord> record = MeshRecord.read(dataDir);
    if (record.isEmpty()) {
      if (json) {
        out.println("{\"running\":false,\"dataDir\":" + quote(dataDir.toString()) + "}");
      } else {
        out.println("no mesh is running on " + dataDir + " (no " + MeshRecord.FILE + ": ./bastion up writes it)");
      }
      out.flush();
      return NOT_RUNNING;
    }
    MeshStatus status = MeshStatus.probe(record.get(), Duration.ofSeconds(Math.max(1, timeoutSeconds)));
    out.print(json ? toJson(status) : toText(status));
    out.flush();
    if (status.nodes().stream().noneMatch(MeshStatus.NodeStatus::answering)) {
      return NOT_RUNNING;
    }
    return status.healthy() ? 0 : NOT_READY;
  }

  static String toText(MeshStatus s) {
    StringBuilder b = new StringBuilder();
    b.append("mesh started ").append(s.record().startedAt()).append(", ").append(s.nodes().size())
        .append(" node(s)").append(s.healthy() ? ", all ready" : ", NOT all ready").append('\n');
    b.append(String.format(Locale.ROOT, "%-14s %-9s %-8s %-24s %-24s %-9s %s%n", "NODE", "ROLE", "PID", "HTTP",
        "MANAGEMENT", "UPTIME", "READY"));
    for (MeshStatus.NodeStatus n : s.nodes()) {
      b.append(String.format(Locale.ROOT, "%-14s %-9s %-8d %-24s %-24s %-9s %s%n", n.node().name(),
          n.node().role(), n.node().pid(), n.node().http().isEmpty() ? "-" : n.node().http(),
          n.node().management(), n.uptimeSeconds().isPresent() ? duration((long) n.uptimeSeconds().getAsDouble())
              : "-", n.ready() ? "ready" : "NOT READY: " + String.join("; ", n.failing())));
    }
    s.database().ifPresent(d -> b.append(String.format(Locale.ROOT, "database: port %d, pid %d, %s%n", d.port(),
        d.pid(), d.running() ? "running" : "NOT RUNNING")));
    b.append("outbox: ").append(number(s.outboxDepth(), "%.0f rows")).append(", oldest ")
        .append(number(s.outboxOldest(), "%.1f s")).append('\n');
    b.append("dead letters: ").append(number(s.deadLetters(), "%.0f")).append('\n');
    b.append("last minute: ").append(number(s.answersPerSecond(), "%.1f answers/s"))
        .append(", answer to report p99 ").append(number(s.answerToReportP99().stream().map(v -> v * 1000)
            .findFirst(), "%.0f ms")).append('\n');
    return b.toString();
  }

  static String toJson(MeshStatus s) throws IOException {
    StringWriter w = new StringWriter();
    try (JsonGenerator g = new JsonFactory().createGenerator(w).useDefaultPrettyPrinter()) {
      g.writeStartObject();
      g.writeBooleanField("running", s.nodes().stream().anyMatch(MeshStatus.NodeStatus::answering));
      g.writeBooleanField("ready", s.healthy());
      g.writeStringField("startedAt", s.record().startedAt().toString());
      g.writeArrayFieldStart("nodes");
      for (MeshStatus.NodeStatus n : s.nodes()) {
        g.writeStartObject();
        g.writeStringField("name", n.node().name());
        g.writeStringField("role", n.node().role());
        g.writeNumberField("pid", n.node().pid());
        g.writeStringField("http", n.node().http());
        g.writeStringField("management", n.node().management());
        g.writeBooleanField("answering", n.answering());
        g.writeBooleanField("ready", n.ready());
        g.writeArrayFieldStart("failing");
        for (String f : n.failing()) {
          g.writeString(f);
        }
        g.writeEndArray();
        number(g, "uptimeSeconds", n.uptimeSeconds());
        g.writeEndObject();
      }
      g.writeEndArray();
      if (s.database().isPresent()) {
        MeshStatus.DatabaseStatus d = s.database().get();
        g.writeObjectFieldStart("database");
        g.writeNumberField("port", d.port());
        g.writeNumberField("pid", d.pid());
        g.writeBooleanField("running", d.running());
        g.writeEndObject();
      }
      number(g, "outboxDepth", s.outboxDepth());
      number(g, "outboxOldestSeconds", s.outboxOldest());
      number(g, "deadLetters", s.deadLetters());
      number(g, "answersPerSecond", s.answersPerSecond());
      number(g, "answerToReportP99Seconds", s.answerToReportP99());
      g.writeEndObject();
    }
    return w + "\n";
  }

  private static void number(JsonGenerator g, String name, OptionalDouble v) throws IOException {
    if (v.isPresent() && Double.isFinite(v.getAsDouble())) {
      g.writeNumberField(name, v.getAsDouble());
    } else {
      g.writeNullField(name);
    }
  }

  private static String number(OptionalDouble v, String format) {
    return v.isPresent() && Double.isFinite(v.getAsDouble()) ? String.format(Locale.ROOT, format, v.getAsDouble())
        : "unknown";
  }

  static String duration(long seconds) {
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return seconds / 60 + "m" + seconds % 60 + "s";
    }
    return seconds / 3600 + "h" + (seconds % 3600) / 60 + "m";
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
