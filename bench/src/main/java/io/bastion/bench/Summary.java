package io.bastion.bench;

import io.vertx.core.json.JsonObject;
import java.util.Locale;

/** The human summary of a run, with each target (issues 6 and 15) and whether this run met it. */
final class Summary {

  static final double P99_TARGET_MS = 25;
  static final double CEILING_SHARE_TARGET = 0.6;
  static final double JOIN_TARGET_SECONDS = 3;
  /** Issue 15: saturation with the baseline catalogue, answers/s. */
  static final double SATURATION_TARGET = 1000;
  /** Issue 15: saturation as a share of the minimal durable answer's pgbench rate. */
  static final double FLOOR_SHARE_TARGET = 0.15;
  /** Issue 15: CPU per answer across Bastion's own processes (nodes and PostgreSQL, not the load generator). */
  static final double CPU_PER_ANSWER_TARGET_MS = 4;
  /** Issue 15: peak RSS of a security node under load. */
  static final double SECURITY_RSS_TARGET_MB = 256;
  /** Issue 15: one report to 1,000 sockets on one address of one user node, the last socket within (p99, ms). */
  static final double FANOUT_TARGET_MS = 100;

  private Summary() {
  }

  static String text(JsonObject r) {
    StringBuilder s = new StringBuilder();
    JsonObject m = r.getJsonObject("machine");
    JsonObject c = r.getJsonObject("config");
    s.append("Bastion benchmark, ").append(r.getString("date")).append('\n');
    s.append("machine: ").append(m.getInteger("cores")).append(" cores, ").append(m.getValue("memoryGiB"))
        .append(" GiB, ").append(m.getString("cpu", "?")).append(", Java ").append(m.getString("java")).append('\n');
    s.append("command: ").append(r.getString("command")).append('\n');
    s.append("load: ").append(c.getInteger("rate")).append(" answers/s for ").append(c.getInteger("durationSeconds"))
        .append(" s after ").append(c.getInteger("warmupSeconds")).append(" s warm-up, ").append(c.getInteger("accounts"))
        .append(" accounts, ").append(c.getInteger("assessments")).append(" assessments of catalogue ")
        .append(c.getString("catalogue", "baseline")).append(", security -Xmx ")
        .append(c.getString("securityXmx")).append("\n\n");

    JsonObject st = r.getJsonObject("steady");
    JsonObject e2e = st.getJsonObject("endToEndMs");
    s.append(String.format(Locale.ROOT, "steady: %.1f answers/s acknowledged (%d sent, %d errors), %d reports, %d lost%n",
        st.getDouble("throughputPerSecond"), st.getLong("sent"), st.getLong("errors"), st.getLong("reportsReceived"),
        st.getLong("lost")));
    s.append(latency("  answer -> report", e2e));
    s.append(latency("  answer mutation", st.getJsonObject("mutationMs")));
    for (Object o : r.getJsonArray("nodes")) {
      JsonObject n = (JsonObject) o;
      Double perAnswer = n.getDouble("cpuMsPerAnswer");
      s.append(String.format(Locale.ROOT, "  %-14s cpu %6.1f s (%5.1f%% of a core, %s ms per answer)  peak RSS %6.1f "
          + "MiB%n", n.getString("name"), n.getDouble("cpuSeconds"), n.getDouble("cpuPercentOfOneCore"),
          perAnswer == null ? "-" : String.format(Locale.ROOT, "%.2f", perAnswer), n.getDouble("peakRssMb")));
    }
    JsonObject sat = r.getJsonObject("saturation");
    if (sat != null) {
      s.append(String.format(Locale.ROOT, "saturation: %.1f answers/s acknowledged over %.0f s (every assessment "
          + "kept busy), %d reports, %d lost, mutation p50 %.1f ms%n", sat.getDouble("throughputPerSecond"),
          sat.getDouble("seconds"), sat.getLong("reportsReceived"), sat.getLong("lost"),
          sat.getJsonObject("mutationMs").getDouble("p50")));
    }
    JsonObject pg = r.getJsonObject("pgbench");
    Double ratio = null;
    if (pg != null && pg.getDouble("tps") != null) {
      // The better of the saturation phase and the steady phase (when the offered rate was above capacity).
      double best = Math.max(st.getDouble("throughputPerSecond"), sat != null ? sat.getDouble("throughputPerSecond") : 0);
      ratio = best / pg.getDouble("tps");
      r.put("ceilingRatio", LoadGenerator.round(ratio));
      s.append(String.format(Locale.ROOT, "pgbench ceiling (same SQL per answer, %d clients): %.1f answers/s; "
          + "Bastion (best of steady and saturation, %.1f/s) / ceiling = %.2f%n", pg.getInteger("clients"),
          pg.getDouble("tps"), best, ratio));
      appendStatements(s, pg);
    } else if (pg != null) {
      s.append("pgbench ceiling: ").append(pg.getString("error")).append('\n');
    }
    JsonObject floor = r.getJsonObject("pgbenchMinimal");
    Double floorRatio = null;
    if (floor != null && floor.getDouble("tps") != null) {
      double best = Math.max(st.getDouble("throughputPerSecond"), sat != null ? sat.getDouble("throughputPerSecond") : 0);
      floorRatio = best / floor.getDouble("tps");
      r.put("floorRatio", LoadGenerator.round(floorRatio));
      s.append(String.format(Locale.ROOT, "pgbench floor (minimal durable answer: upsert + outbox row, %d clients): "
          + "%.1f answers/s; Bastion / floor = %.3f%n", floor.getInteger("clients"), floor.getDouble("tps"),
          floorRatio));
      appendStatements(s, floor);
    } else if (floor != null) {
      s.append("pgbench floor: ").append(floor.getString("error")).append('\n');
    }
    JsonObject bus = r.getJsonObject("bus");
    if (bus != null && bus.getDouble("messagesPerSecond") != null) {
      s.append(String.format(Locale.ROOT, "event bus alone (cross-JVM request/reply, mTLS, %d in flight): %.0f msg/s, "
          + "p50 %.2f ms, p99 %.2f ms%n", bus.getInteger("inFlight"), bus.getDouble("messagesPerSecond"),
          bus.getJsonObject("roundTripMs").getDouble("p50"), bus.getJsonObject("roundTripMs").getDouble("p99")));
    }
    JsonObject relay = st.getJsonObject("relay");
    if (relay != null && !relay.isEmpty()) {
      s.append(String.format(Locale.ROOT, "outbox relay in the measured phase: %d retried (%d timeouts, %d with no "
          + "security node, %d refused), %d duplicates%n", relay.getLong("retried", 0L), relay.getLong("timeouts", 0L),
          relay.getLong("noSecurityNode", 0L), relay.getLong("refused", 0L), relay.getLong("duplicates", 0L)));
    }
    JsonObject fanout = r.getJsonObject("fanout");
    if (fanout != null) {
      s.append(String.format(Locale.ROOT, "fan-out: one report to %d sockets on one assessment (%d reports): last "
          + "socket p50 %.1f ms, p99 %.1f ms, max %.1f ms; first socket p50 %.1f ms; last - first p50 %.1f ms, "
          + "p99 %.1f ms; %d lost%n",
          fanout.getInteger("sockets"), fanout.getInteger("reports"), fanout.getDouble("lastP50Ms"),
          fanout.getDouble("lastP99Ms"), fanout.getDouble("lastMaxMs"), fanout.getDouble("firstP50Ms"),
          fanout.getDouble("spreadP50Ms"), fanout.getDouble("spreadP99Ms"), fanout.getLong("lost")));
    }
    JsonObject join = r.getJsonObject("join");
    if (join != null) {
      Double d = join.getDouble("deployedSeconds");
      s.append(String.format(Locale.ROOT, "joining security node: deployed %s after its launch%n",
          d == null ? "(not seen)" : String.format(Locale.ROOT, "%.1f s", d)));
    }

    s.append("\ntargets:\n");
    boolean steadyOk = e2e.getDouble("p99") <= P99_TARGET_MS && st.getLong("lost") == 0 && st.getLong("errors") == 0
        && st.getDouble("throughputPerSecond") >= 0.98 * c.getInteger("rate");
    s.append(String.format(Locale.ROOT, "  [%s] p99 <= %.0f ms at %d/s with zero lost: p99 %.1f ms, %d lost%n",
        steadyOk ? "met" : "MISSED", P99_TARGET_MS, c.getInteger("rate"), e2e.getDouble("p99"), st.getLong("lost")));
    if (ratio != null) {
      s.append(String.format(Locale.ROOT, "  [%s] saturation >= %.1f x pgbench ceiling: %.2f%n",
          ratio >= CEILING_SHARE_TARGET ? "met" : "MISSED", CEILING_SHARE_TARGET, ratio));
    }
    if (sat != null) {
      double taken = sat.getDouble("throughputPerSecond");
      s.append(String.format(Locale.ROOT, "  [%s] saturation >= %.0f answers/s: %.1f%n",
          taken >= SATURATION_TARGET ? "met" : "MISSED", SATURATION_TARGET, taken));
    }
    if (floorRatio != null) {
      s.append(String.format(Locale.ROOT, "  [%s] saturation >= %.2f x pgbench floor: %.3f%n",
          floorRatio >= FLOOR_SHARE_TARGET ? "met" : "MISSED", FLOOR_SHARE_TARGET, floorRatio));
    }
    double bastionCpu = 0;
    Double securityRss = null;
    boolean cpuKnown = true;
    for (Object o : r.getJsonArray("nodes")) {
      JsonObject n = (JsonObject) o;
      if (n.getString("name").equals("load-generator")) {
        continue;
      }
      Double ms = n.getDouble("cpuMsPerAnswer");
      cpuKnown &= ms != null;
      bastionCpu += ms == null ? 0 : ms;
      if (n.getString("name").startsWith("security")) {
        securityRss = Math.max(securityRss == null ? 0 : securityRss, n.getDouble("peakRssMb"));
      }
    }
    if (cpuKnown) {
      r.put("bastionCpuMsPerAnswer", LoadGenerator.round(bastionCpu));
      s.append(String.format(Locale.ROOT, "  [%s] CPU per answer across Bastion's processes at %d/s <= %.0f ms: "
          + "%.2f ms%n", bastionCpu <= CPU_PER_ANSWER_TARGET_MS ? "met" : "MISSED", c.getInteger("rate"),
          CPU_PER_ANSWER_TARGET_MS, bastionCpu));
    }
    if (securityRss != null) {
      s.append(String.format(Locale.ROOT, "  [%s] peak RSS of a security node <= %.0f MiB: %.1f MiB%n",
          securityRss <= SECURITY_RSS_TARGET_MB ? "met" : "MISSED", SECURITY_RSS_TARGET_MB, securityRss));
    }
    if (fanout != null && fanout.getDouble("lastP99Ms") != null) {
      double last = fanout.getDouble("lastP99Ms");
      s.append(String.format(Locale.ROOT, "  [%s] one report to %d sockets on one address, the last within %.0f ms "
          + "(p99 over %d reports): %.1f ms, %d lost%n", last <= FANOUT_TARGET_MS && fanout.getLong("lost") == 0
          ? "met" : "MISSED", fanout.getInteger("sockets"), FANOUT_TARGET_MS, fanout.getInteger("reports"), last,
          fanout.getLong("lost")));
    }
    if ("128m".equals(c.getString("securityXmx"))) {
      // Keeping up: every answer reported, at the offered rate, without errors (latency is the first target).
      boolean keptUp = st.getLong("lost") == 0 && st.getLong("errors") == 0
          && st.getDouble("throughputPerSecond") >= 0.98 * c.getInteger("rate");
      s.append(String.format(Locale.ROOT, "  [%s] security node keeps up with -Xmx128m at %d/s: %d lost, %.1f/s%n",
          keptUp ? "met" : "MISSED", c.getInteger("rate"), st.getLong("lost"), st.getDouble("throughputPerSecond")));
    }
    if (join != null) {
      Double t = join.getDouble("firstReportSeconds");
      s.append(String.format(Locale.ROOT, "  [%s] a new security node takes work within %.0f s of its launch: %s%n",
          t != null && t <= JOIN_TARGET_SECONDS ? "met" : "MISSED", JOIN_TARGET_SECONDS,
          t == null ? "no report from it" : String.format(Locale.ROOT, "%.1f s", t)));
    }
    return s.toString();
  }

  private static String latency(String label, JsonObject l) {
    return String.format(Locale.ROOT, "%s ms: p50 %.1f  p90 %.1f  p99 %.1f  p99.9 %.1f  max %.1f  (n=%d)%n", label,
        l.getDouble("p50"), l.getDouble("p90"), l.getDouble("p99"), l.getDouble("p999"), l.getDouble("max"),
        l.getLong("count"));
  }

  /** pgbench's per-statement means, in script order: where the database's time per answer goes. */
  private static void appendStatements(StringBuilder s, JsonObject pgbench) {
    io.vertx.core.json.JsonArray statements = pgbench.getJsonArray("statements");
    if (statements == null) {
      return;
    }
    for (int i = 0; i < statements.size(); i++) {
      JsonObject st = statements.getJsonObject(i);
      String sql = st.getString("sql");
      s.append(String.format(Locale.ROOT, "    %7.3f ms  %s%n", st.getDouble("ms"),
          sql.length() > 90 ? sql.substring(0, 90) + "…" : sql));
    }
  }
}
