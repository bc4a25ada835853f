package io.bastion.bench;

import io.bastion.node.mesh.JvmFlags;
import io.bastion.user.db.EmbeddedDatabase;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Bastion's benchmark. {@code ./bastion bench} runs {@code run}, which starts a fresh mesh of its own through the
 * mesh starter ({@link BenchMesh}) and measures it:
 * <ol>
 *   <li>set-up over the public API (accounts, assessments, bridge sockets), a warm-up;</li>
 *   <li>the measured phase at a fixed rate, optionally with a security node joining half-way;</li>
 *   <li>a saturation phase (as fast as the open-loop queue can go);</li>
 *   <li>then, with the nodes stopped, the ceilings: pgbench replaying Bastion's SQL per answer against the same
 *       database, and the event bus alone between two JVMs;</li>
 * </ol>
 * and writes results.json and summary.txt. Other commands: {@code bus-server}, {@code bus-client} (used by run),
 * {@code jmh} (JMH benchmarks of the scoring engine and the codecs).
 */
public final class BenchMain {

  private BenchMain() {
  }

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println("usage: run|bus-server|bus-client|jmh [options]");
      System.exit(2);
    }
    Map<String, List<String>> o = options(args);
    Path catalogues = Path.of(one(o, "catalogues", "conf/catalogues"));
    switch (args[0]) {
      case "run" -> {
        int status;
        try {
          status = run(o);
        } catch (Exception e) {
          System.err.println("[bench] failed: " + e);
          e.printStackTrace();
          status = 1;
        }
        System.exit(status); // Vert.x threads would keep the JVM alive
      }
      case "bus-server" -> BusBench.server(catalogues);
      case "bus-client" -> BusBench.client(catalogues, Integer.parseInt(one(o, "in-flight", "256")),
          Integer.parseInt(one(o, "seconds", "10")));
      case "jmh" -> org.openjdk.jmh.Main.main(java.util.Arrays.copyOfRange(args, 1, args.length));
      default -> {
        System.err.println("unknown command " + args[0]);
        System.exit(2);
      }
    }
  }

  /** The options of {@code run}; ./bastion bench passes its own through, so a misspelt one must not pass unseen. */
  private static final java.util.Set<String> RUN_OPTIONS = java.util.Set.of("out", "command", "user-jar",
      "security-jar", "security-cds", "security-nodes", "security-xmx", "rate", "duration", "warmup", "accounts",
      "assessments", "drain", "join-test", "saturation", "saturation-rate", "pgbench-seconds", "pgbench-clients",
      "bus-seconds", "bus-in-flight", "catalogues", "fanout-sockets", "fanout-reports",
      "catalogue");

  private static int run(Map<String, List<String>> o) throws Exception {
    for (String key : o.keySet()) {
      if (!RUN_OPTIONS.contains(key)) {
        System.err.println("unknown option --" + key + " (./bastion help lists the options)");
        return 2;
      }
    }
    Path out = Path.of(one(o, "out", "target/bench"));
    Files.createDirectories(out);
    Path securityCds = o.containsKey("security-cds") ? Path.of(one(o, "security-cds", null)) : null;
    try (BenchMesh mesh = BenchMesh.start(Path.of(one(o, "user-jar", null)), Path.of(one(o, "security-jar", null)),
        securityCds, out.resolve("data"), Integer.parseInt(one(o, "security-nodes", "1")),
        one(o, "security-xmx", "256m"))) {
      return run(o, out, mesh);
    }
  }

  private static int run(Map<String, List<String>> o, Path out, BenchMesh mesh) throws Exception {
    LoadGenerator.Options load = new LoadGenerator.Options(mesh.url(),
        Integer.parseInt(one(o, "rate", "500")), Integer.parseInt(one(o, "duration", "60")),
        Integer.parseInt(one(o, "warmup", "30")), Integer.parseInt(one(o, "accounts", "20")),
        Integer.parseInt(one(o, "assessments", "10")), Integer.parseInt(one(o, "drain", "30")),
        System.currentTimeMillis(), one(o, "catalogue", "baseline"));
    Map<String, Long> pids = mesh.pids();
    Path pgData = mesh.pgData();

    JsonObject results = new JsonObject()
        .put("date", Instant.now().toString())
        .put("command", one(o, "command", "bench run"))
        .put("machine", machine())
        .put("config", new JsonObject().put("rate", load.rate()).put("durationSeconds", load.durationSeconds())
            .put("warmupSeconds", load.warmupSeconds()).put("accounts", load.accounts())
            .put("assessments", load.accounts() * load.assessmentsPerAccount())
            .put("securityXmx", one(o, "security-xmx", "default")).put("catalogue", load.catalogue()));

    Vertx vertx = Vertx.vertx();
    Context ctx = vertx.getOrCreateContext();
    LoadGenerator generator = await(onContext(ctx, () -> Future.succeededFuture(new LoadGenerator(vertx, load))), 10);
    System.out.println("[bench] set-up: " + load.accounts() + " accounts, "
        + load.accounts() * load.assessmentsPerAccount() + " assessments");
    await(onContext(ctx, generator::setUp), 600);

    System.out.println("[bench] warm-up " + load.warmupSeconds() + " s at " + load.rate() + "/s");
    await(onContext(ctx, () -> generator.run(load.warmupSeconds())), load.warmupSeconds() + 60);
    await(onContext(ctx, generator::drain), load.drainSeconds() + 30);

    pids.put("load-generator", ProcessHandle.current().pid());
    Map<String, Double> cpu0 = cpu(pids, pgData);
    JsonObject relay0 = RelayCounters.read(mesh.userManagement());
    System.out.println("[bench] measuring " + load.durationSeconds() + " s at " + load.rate() + "/s");
    Future<LoadGenerator.Phase> measured = onContext(ctx, () -> generator.run(load.durationSeconds()));
    BenchMesh.Joiner joiner = null;
    long joinLaunched = 0;
    if (o.containsKey("join-test")) {
      Thread.sleep(TimeUnit.SECONDS.toMillis(load.durationSeconds()) / 2);
      joinLaunched = System.nanoTime();
      joiner = mesh.join("security-join");
      System.out.println("[bench] started security-join half-way");
    }
    LoadGenerator.Phase phase = await(measured, load.durationSeconds() + 120);
    long lost = await(onContext(ctx, generator::drain), load.drainSeconds() + 30);
    Map<String, Double> cpu1 = cpu(pids, pgData);
    JsonObject steady = phase.toJson().put("lost", lost).put("relay", difference(RelayCounters.read(mesh.userManagement()), relay0));
    results.put("steady", steady);
    if (joiner != null) {
      Long first = generator.firstReportBy("security-join");
      Long deployed = joiner.ready().getNow(null); // ready, as its readiness probe first answered UP
      results.put("join", new JsonObject()
          .put("deployedSeconds", deployed == null ? null : LoadGenerator.round((deployed - joinLaunched) / 1e9))
          .put("firstReportSeconds", first == null ? null : LoadGenerator.round((first - joinLaunched) / 1e9)));
      pids.put("security-join", joiner.node().pid());
    }
    JsonArray nodes = new JsonArray();
    for (String name : cpu1.keySet()) {
      long pid = name.equals("postgres") ? ProcStats.postmaster(pgData) : pids.get(name);
      nodes.add(new JsonObject().put("name", name)
          .put("cpuSeconds", LoadGenerator.round(cpu1.get(name) - cpu0.getOrDefault(name, 0.0)))
          .put("cpuPercentOfOneCore", LoadGenerator.round(100 * (cpu1.get(name) - cpu0.getOrDefault(name, 0.0))
              / load.durationSeconds()))
          .put("peakRssMb", LoadGenerator.round(ProcStats.peakRssMb(pid, name.equals("postgres"))))
          // Per acknowledged answer of the measured phase: the cost of an answer in each process.
          .put("cpuMsPerAnswer", phase.acknowledged == 0 ? null : LoadGenerator.round(
              1000 * (cpu1.get(name) - cpu0.getOrDefault(name, 0.0)) / phase.acknowledged)));
    }
    results.put("nodes", nodes);

    int saturation = Integer.parseInt(one(o, "saturation", "20"));
    if (saturation > 0) {
      System.out.println("[bench] saturation " + saturation + " s");
      LoadGenerator.Options satOptions = new LoadGenerator.Options(load.url(),
          Integer.parseInt(one(o, "saturation-rate", "20000")), saturation, 0, load.accounts(),
          load.assessmentsPerAccount(), load.drainSeconds(), load.seed() + 1, load.catalogue());
      LoadGenerator satGen = await(onContext(ctx, () -> Future.succeededFuture(new LoadGenerator(vertx, satOptions))),
          10);
      await(onContext(ctx, satGen::setUp), 600);
      LoadGenerator.Phase sat = await(onContext(ctx, () -> satGen.run(saturation)), saturation + 120);
      long satLost = await(onContext(ctx, satGen::drain), load.drainSeconds() + 30);
      results.put("saturation", sat.toJson().put("lost", satLost));
      await(onContext(ctx, satGen::close), 30);
    }
    int fanoutSockets = Integer.parseInt(one(o, "fanout-sockets", "1000"));
    if (fanoutSockets > 0) {
      int fanoutReports = Integer.parseInt(one(o, "fanout-reports", "20"));
      System.out.println("[bench] fan-out: " + fanoutSockets + " sockets on one assessment, " + fanoutReports + " reports");
      results.put("fanout", await(onContext(ctx, () -> new FanoutBench(vertx, load.url(), fanoutSockets,
          fanoutReports).run()), 300 + 31L * fanoutReports));
    }
    await(onContext(ctx, generator::close), 30);
    vertx.close();

    // The ceilings, with the nodes stopped so that nothing else uses the machine.
    mesh.stopNodes();
    if (Integer.parseInt(one(o, "pgbench-seconds", "20")) > 0) {
      System.out.println("[bench] pgbench ceiling");
      io.bastion.catalogue.Catalogue c = Samples.catalogue(Path.of(one(o, "catalogues", "conf/catalogues")),
          load.catalogue());
      String report = io.bastion.codecs.Json.toString(Samples.report(c, Samples.answerEvent(c, 3)));
      int assessments = load.accounts() * load.assessmentsPerAccount() * (saturation > 0 ? 2 : 1);
      try {
        results.put("pgbench", PgBench.run(out, mesh.pgPort(), EmbeddedDatabase.passwordFile(pgData), report,
            assessments, Integer.parseInt(one(o, "pgbench-clients", "16")), Integer.parseInt(one(o, "pgbench-seconds", "20"))));
      } catch (Exception e) {
        results.put("pgbench", new JsonObject().put("error", e.getMessage()));
      }
      System.out.println("[bench] pgbench floor (the minimal durable answer)");
      try {
        results.put("pgbenchMinimal", PgBench.runMinimal(out, mesh.pgPort(), EmbeddedDatabase.passwordFile(pgData),
            assessments, Integer.parseInt(one(o, "pgbench-clients", "16")),
            Integer.parseInt(one(o, "pgbench-seconds", "20"))));
      } catch (Exception e) {
        results.put("pgbenchMinimal", new JsonObject().put("error", e.getMessage()));
      }
    }
    if (Integer.parseInt(one(o, "bus-seconds", "10")) > 0) {
      System.out.println("[bench] event bus alone");
      results.put("bus", busBench(o, out, mesh.dataDir()));
    }
    String summary = Summary.text(results);
    Files.writeString(out.resolve("results.json"), results.encodePrettily());
    Files.writeString(out.resolve("summary.txt"), summary);
    System.out.println(summary);
    System.out.println("[bench] results in " + out.toAbsolutePath());
    return 0;
  }

  private static Map<String, Double> cpu(Map<String, Long> pids, Path pgData) {
    Map<String, Double> cpu = new LinkedHashMap<>();
    pids.forEach((name, pid) -> cpu.put(name, ProcStats.cpuSeconds(pid, false)));
    if (pgData != null) {
      cpu.put("postgres", ProcStats.cpuSeconds(ProcStats.postmaster(pgData), true));
    }
    return cpu;
  }

  /** Waits up to 120 s for a line in a process's log; false when it does not come or the process ends first. */
  private static boolean awaitLogLine(Process process, Path log, String line) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    try {
      while (System.nanoTime() < deadline && process.isAlive()) {
        if (Files.exists(log) && Files.readString(log).contains(line)) {
          return true;
        }
        Thread.sleep(20);
      }
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    return false;
  }

  private static JsonObject difference(JsonObject after, JsonObject before) {
    JsonObject d = new JsonObject();
    for (String k : after.fieldNames()) {
      d.put(k, after.getLong(k) - before.getLong(k, 0L));
    }
    return d;
  }

  private static JsonObject busBench(Map<String, List<String>> o, Path out, Path dataDir) throws Exception {
    String jar = new File(BenchMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
    int port = BenchMesh.CLUSTER_PORT + 50;
    List<String> common = new ArrayList<>(List.of(java()));
    common.addAll(JvmFlags.node("256m", Optional.empty(), List.of()));
    common.addAll(List.of("-Dbastion.cluster.name=busbench-" + ProcessHandle.current().pid(),
        "-Dbastion.cluster.port=" + port, "-Dbastion.cluster.members=127.0.0.1",
        "-Dbastion.cluster.interface=127.0.0.1", "-Dbastion.cluster.lite=false",
        "-Dvertx.hazelcast.config=conf/cluster.xml", "-Dhazelcast.logging.type=slf4j",
        "-Dbastion.data.dir=" + dataDir, "-cp", jar,
        BenchMain.class.getName()));
    List<String> server = new ArrayList<>(common);
    server.add("bus-server");
    Process s = new ProcessBuilder(server).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(out.resolve("bus-server.log").toFile())).start();
    try {
      if (!awaitLogLine(s, out.resolve("bus-server.log"), "BUS SERVER READY")) {
        return new JsonObject().put("error", "bus server did not start, see bus-server.log");
      }
      List<String> client = new ArrayList<>(common);
      client.addAll(List.of("bus-client", "--in-flight", one(o, "bus-in-flight", "256"), "--seconds",
          one(o, "bus-seconds", "10")));
      String output = PgBench.exec(client, 300);
      Files.writeString(out.resolve("bus-client.log"), output);
      int i = output.indexOf("BUS RESULT ");
      return i < 0 ? new JsonObject().put("error", "no result, see bus-client.log")
          : new JsonObject(output.substring(i + 11).lines().findFirst().orElseThrow());
    } finally {
      s.destroy();
      s.waitFor(20, TimeUnit.SECONDS);
    }
  }

  private static String java() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  static JsonObject machine() {
    JsonObject m = new JsonObject().put("cores", Runtime.getRuntime().availableProcessors())
        .put("java", System.getProperty("java.runtime.version"))
        .put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          m.put("cpu", line.substring(line.indexOf(':') + 1).trim());
          break;
        }
      }
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal")) {
          m.put("memoryGiB", LoadGenerator.round(Long.parseLong(line.replaceAll("\\D", "")) / 1024.0 / 1024.0));
        }
      }
    } catch (Exception e) {
      // not Linux: the rest is enough
    }
    return m;
  }

  /** Runs a step on the generator's context, so that all its state stays on one thread. */
  static <T> Future<T> onContext(Context ctx, Supplier<Future<T>> step) {
    Promise<T> p = Promise.promise();
    ctx.runOnContext(v -> step.get().onComplete(p));
    return p.future();
  }

  static <T> T await(Future<T> f, long seconds) throws Exception {
    return LoadGenerator.await(f, seconds);
  }

  private static Map<String, List<String>> options(String[] args) {
    Map<String, List<String>> o = new LinkedHashMap<>();
    for (int i = 1; i < args.length; i++) {
      if (args[i].startsWith("--")) {
        String key = args[i].substring(2);
        String value = i + 1 < args.length && !args[i + 1].startsWith("--") ? args[++i] : "true";
        o.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
      }
    }
    return o;
  }

  private static String one(Map<String, List<String>> o, String key, String fallback) {
    List<String> v = o.get(key);
    if (v == null || v.isEmpty()) {
      if (fallback == null) {
        throw new IllegalArgumentException("--" + key + " is required");
      }
      return fallback;
    }
    return v.get(v.size() - 1);
  }
}
