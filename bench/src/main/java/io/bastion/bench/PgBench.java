package io.bastion.bench;

import io.bastion.user.db.Sql;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The database ceiling: pgbench replays, per "answer", the statements the user service runs for one answer on its
 * usual path (taken from {@link Sql}, parameters replaced by pgbench variables): the session check, the answer's
 * transaction (lock, write with its outbox row leased to the writer, commit) and the sink's report insert. Each
 * report is committed on its own here, where Bastion commits a few together: the ceiling is, if anything, low.
 * Its transactions per second are answers per second the database alone could take.
 */
final class PgBench {

  private PgBench() {
  }

  static String binary() {
    for (String candidate : new String[] {"/usr/bin/pgbench", "/usr/lib/postgresql/16/bin/pgbench",
        "/usr/lib/postgresql/15/bin/pgbench"}) {
      if (Files.isExecutable(Path.of(candidate))) {
        return candidate;
      }
    }
    return null;
  }

  static String answerScript(String reportJson) {
    String assessment = "(SELECT id FROM bench_ids WHERE n = :n)";
    String account = "(SELECT account_id FROM bench_ids WHERE n = :n)";
    String session = "(SELECT id FROM sessions WHERE account_id = " + account + " LIMIT 1)";
    // The idle window as the node passes it (auth.session.idle-minutes, one hour by default).
    String auth = Sql.LIVE_SESSION.replace("$1", session).replace("$2", account).replace("$3", "3600.0");
    String question = "('q' || :q)";
    String lock = Sql.LOCK_FOR_ANSWER.replace("#{assessmentId}", assessment).replace("#{accountId}", account)
        .replace("#{questionId}", question);
    String stored = Sql.STORED_ANSWER.replace("#{assessmentId}", assessment).replace("#{questionId}", question);
    String write = Sql.WRITE_ANSWER.replace("#{assessmentId}", assessment).replace("#{accountId}", account)
        .replace("#{questionId}", question).replace("#{value}", "('v' || :v)").replace("#{comment}", "NULL::text")
        .replace("#{expectedVersion}", "NULL")
        .replace("#{eventId}", "gen_random_uuid()").replace("#{leaseSeconds}", "10.0").replace("#{notify}", "false");
    String store = Sql.STORE_REPORT.replace("#{assessmentId}", assessment).replace("#{version}", ":version")
        .replace("#{accountId}", account).replace("#{score}", "61.5").replace("#{tier}", "2")
        .replace("#{complete}", "false").replace("#{report}", "'" + reportJson.replace("'", "''") + "'")
        .replace("#{basis}", "'q1=v1'").replace("#{scoredBy}", "'pgbench'");
    // Without the ANSWER audit entry (audit_append, one chain head per organisation or account): the script's
    // figure is the answer's own SQL, as before teams.
    unreplaced(lock + stored + write + store);
    // A value the answer almost never had: an unchanged answer writes nothing and returns no row (as on the node).
    return "\\set n random(1, :nassess)\n\\set q random(1, 40)\n\\set v random(1, 1000000000)\n"
        + auth + ";\n"
        // The write returns its one row with the new version, as it does to the node (no extra round trip).
        + "BEGIN;\n" + lock + ";\n" + stored + ";\n" + write + " \\gset\n"
        + "COMMIT;\n" + store + ";\n";
  }

  /** A parameter left in the script would make pgbench fail with a syntax error far from its cause. */
  private static void unreplaced(String sql) {
    int at = sql.indexOf("#{");
    if (at >= 0) {
      throw new IllegalStateException("Sql has a parameter PgBench does not replace: "
          + sql.substring(at, sql.indexOf('}', at) + 1));
    }
  }

  /**
   * The floor of issue 15: the minimal durable answer, on tables of its own next to Bastion's. One transaction
   * upserts the answer and inserts a small outbox row naming its version; commit with fsync on, as Bastion's.
   * What PostgreSQL can do per answer when nothing else is written, read or sent.
   */
  static final String MINIMAL_SETUP = """
      DROP TABLE IF EXISTS bench_min_answers, bench_min_outbox;
      CREATE TABLE bench_min_answers (assessment int NOT NULL, question int NOT NULL, value text NOT NULL,
                                      version bigint NOT NULL, PRIMARY KEY (assessment, question));
      CREATE TABLE bench_min_outbox (id bigserial PRIMARY KEY, assessment int NOT NULL, question int NOT NULL,
                                     version bigint NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
      """;

  static final String MINIMAL_SCRIPT = """
      \\set a random(1, :nassess)
      \\set q random(1, 40)
      \\set v random(1, 4)
      BEGIN;
      INSERT INTO bench_min_answers AS x (assessment, question, value, version) VALUES (:a, :q, 'v' || :v, 1)
        ON CONFLICT (assessment, question) DO UPDATE SET value = EXCLUDED.value, version = x.version + 1
        RETURNING version AS ver \\gset
      INSERT INTO bench_min_outbox (assessment, question, version) VALUES (:a, :q, :ver);
      COMMIT;
      """;

  static final String MINIMAL_CLEANUP = "DROP TABLE IF EXISTS bench_min_answers, bench_min_outbox;\n";

  /** Runs the floor: {tps, clients, seconds, latencyAverageMs} or an error; its tables are dropped after. */
  static JsonObject runMinimal(Path workDir, int pgPort, Path passwordFile, int assessments, int clients, int seconds)
      throws Exception {
    String pgbench = binary();
    if (pgbench == null) {
      return new JsonObject().put("error", "pgbench not found (Debian: apt-get install postgresql-client)");
    }
    Path setup = workDir.resolve("pgbench-minimal-setup.sql");
    Path script = workDir.resolve("pgbench-minimal.sql");
    Path cleanup = workDir.resolve("pgbench-minimal-cleanup.sql");
    Files.writeString(setup, MINIMAL_SETUP);
    Files.writeString(script, MINIMAL_SCRIPT);
    Files.writeString(cleanup, MINIMAL_CLEANUP);
    List<String> base = List.of(pgbench, "-h", "127.0.0.1", "-p", String.valueOf(pgPort), "-U", "postgres", "-n");
    Map<String, String> env = Map.of("PGPASSWORD", Files.readString(passwordFile).trim());
    exec(concat(base, "-t", "1", "-c", "1", "-f", setup.toString(), "postgres"), 120, env);
    try {
      String out = exec(concat(base, "-c", String.valueOf(clients), "-j", "2", "-T", String.valueOf(seconds), "-r",
          "-D", "nassess=" + assessments, "-f", script.toString(), "postgres"), seconds + 120, env);
      Files.writeString(workDir.resolve("pgbench-minimal-output.txt"), out);
      return parse(out, clients, seconds, script);
    } finally {
      exec(concat(base, "-t", "1", "-c", "1", "-f", cleanup.toString(), "postgres"), 120, env);
    }
  }

  private static JsonObject parse(String out, int clients, int seconds, Path script) {
    Matcher tps = Pattern.compile("tps = ([0-9.]+)").matcher(out);
    Matcher lat = Pattern.compile("latency average = ([0-9.]+) ms").matcher(out);
    if (!tps.find()) {
      return new JsonObject().put("error", "pgbench gave no tps: " + out);
    }
    return new JsonObject().put("tps", Double.parseDouble(tps.group(1))).put("clients", clients)
        .put("seconds", seconds).put("latencyAverageMs", lat.find() ? Double.parseDouble(lat.group(1)) : null)
        .put("script", script.toString()).put("statements", statements(out));
  }

  private static final Pattern STATEMENT = Pattern.compile("^\\s+([0-9.]+)\\s+(?:[0-9]+\\s+)?(\\S.*)$");

  /**
   * pgbench's per-statement profile ({@code -r}): the mean latency of each SQL statement of the script, in
   * order, so that the ceiling says which statement costs the database what (meta-commands left out).
   */
  static JsonArray statements(String out) {
    JsonArray statements = new JsonArray();
    int header = out.indexOf("statement latencies in milliseconds");
    if (header < 0) {
      return statements;
    }
    for (String line : out.substring(header).lines().skip(1).toList()) {
      Matcher m = STATEMENT.matcher(line);
      if (!m.matches()) {
        break;
      }
      String sql = m.group(2).strip();
      if (!sql.startsWith("\\")) {
        statements.add(new JsonObject().put("ms", Double.parseDouble(m.group(1)))
            .put("sql", sql.length() > 120 ? sql.substring(0, 120) + "…" : sql));
      }
    }
    return statements;
  }

  static final String SETUP = """
      DROP TABLE IF EXISTS bench_ids;
      CREATE TABLE bench_ids AS SELECT row_number() OVER (ORDER BY id) AS n, id, account_id FROM assessments;
      CREATE UNIQUE INDEX ON bench_ids (n);
      """;

  /** Runs the ceiling; returns {tps, clients, seconds, latencyMs} or an error. */
  static JsonObject run(Path workDir, int pgPort, Path passwordFile, String reportJson, int assessments, int clients,
      int seconds) throws Exception {
    String pgbench = binary();
    if (pgbench == null) {
      return new JsonObject().put("error", "pgbench not found (Debian: apt-get install postgresql-client)");
    }
    Path setup = workDir.resolve("pgbench-setup.sql");
    Path script = workDir.resolve("pgbench-answer.sql");
    Files.writeString(setup, SETUP);
    Files.writeString(script, answerScript(reportJson));
    List<String> base = List.of(pgbench, "-h", "127.0.0.1", "-p", String.valueOf(pgPort), "-U", "postgres", "-n");
    // The embedded database asks every connection for its generated password.
    Map<String, String> env = Map.of("PGPASSWORD", Files.readString(passwordFile).trim());
    String out = exec(concat(base, "-t", "1", "-c", "1", "-f", setup.toString(), "postgres"), 120, env);
    out = exec(concat(base, "-c", String.valueOf(clients), "-j", "2", "-T", String.valueOf(seconds), "-r",
        "-D", "nassess=" + assessments, "-f", script.toString(), "postgres"), seconds + 120, env);
    Files.writeString(workDir.resolve("pgbench-output.txt"), out);
    return parse(out, clients, seconds, script);
  }

  private static List<String> concat(List<String> base, String... more) {
    List<String> all = new ArrayList<>(base);
    all.addAll(List.of(more));
    return all;
  }

  static String exec(List<String> cmd, long timeoutSeconds) throws IOException, InterruptedException {
    return exec(cmd, timeoutSeconds, Map.of());
  }

  /** Runs {@code cmd} with {@code env} added and no input (a prompt fails instead of waiting). */
  static String exec(List<String> cmd, long timeoutSeconds, Map<String, String> env)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    builder.environment().putAll(env);
    Process p = builder.start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("timed out: " + cmd);
    }
    if (p.exitValue() != 0) {
      throw new IOException(String.join(" ", cmd) + " failed:\n" + out);
    }
    return out;
  }
}
