package io.bastion.user.db;

import io.bastion.node.OwnerOnly;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server from zonky's embedded binaries with a persistent data directory. Zonky turns fsync and
 * synchronous_commit off by default; Bastion promises that an acknowledged answer survives a crash, so both are on.
 *
 * <p>Zonky's initdb trusts every local connection; here the superuser gets a generated password, kept in
 * {@link #passwordFile} (0600, next to the data directory), and pg_hba.conf asks every connection for it
 * (scram-sha-256). Only the very first start, between initdb and setting the password, runs with trust.
 */
public final class EmbeddedDatabase implements AutoCloseable {

  public static final String USER = "postgres";
  public static final String DATABASE = "postgres";

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);

  static final String PG_HBA = """
      # Written by Bastion (EmbeddedDatabase): every connection needs the superuser's password.
      local all all scram-sha-256
      host  all all 127.0.0.1/32 scram-sha-256
      host  all all ::1/128 scram-sha-256
      """;

  static final String LOOPBACK = "127.0.0.1";
  /**
   * Clients from other hosts, when the server listens beyond loopback: those of the listen address's network (see
   * {@link ClientNetwork}), with the same password.
   */
  static String hbaOtherHosts(String network) {
    return "host  all all " + network + " scram-sha-256\n";
  }

  private final EmbeddedPostgres postgres;
  private final Path dataDir;
  private final String password;

  private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDir, String password) {
    this.postgres = postgres;
    this.dataDir = dataDir;
    this.password = password;
  }

  /** Where the superuser password of the server with its data in {@code dataDir} is kept: {@code <dataDir>/../db-password}. */
  public static Path passwordFile(Path dataDir) {
    return dataDir.toAbsolutePath().resolveSibling("db-password");
  }

  /**
   * Where PostgreSQL's own log goes by default: {@code <dataDir>/../logs/postgres.log}, the mesh's logs folder when
   * {@code dataDir} is {@code <data-dir>/pg}.
   */
  public static Path defaultLog(Path dataDir) {
    return dataDir.toAbsolutePath().resolveSibling("logs").resolve("postgres.log");
  }

  /** Starts (or restarts on an existing data directory) a server on 127.0.0.1; port 0 picks a free one. */
  public static EmbeddedDatabase start(Path dataDir, int port) throws IOException {
    return start(dataDir, LOOPBACK, port);
  }

  /**
   * A server listening on {@code host} (an address of this machine, such as the one other hosts reach it at);
   * clients from other addresses need the password like local ones (see {@link #hba(String)}).
   */
  public static EmbeddedDatabase start(Path dataDir, String host, int port) throws IOException {
    return start(dataDir, host, port, defaultLog(dataDir));
  }

  /**
   * As {@link #start(Path, String, int)}, with PostgreSQL's own output (startup, crash recovery, deadlock details,
   * slow lock waits) appended to {@code log}. Zonky would otherwise read it through a pipe that closes once pg_ctl
   * has started the server, and the server's later lines would be lost.
   */
  public static EmbeddedDatabase start(Path dataDir, String host, int port, Path log) throws IOException {
    OwnerOnly.directory(dataDir);
    stopOrphan(dataDir);
    String password = OwnerOnly.secret(passwordFile(dataDir), 24);
    Files.createDirectories(log.toAbsolutePath().getParent());
    ProcessBuilder.Redirect toLog = ProcessBuilder.Redirect.appendTo(log.toFile());
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
        .setOutputRedirector(toLog)
        .setErrorRedirector(toLog)
        .setConnectConfig("password", password)
        .setDataDirectory(dataDir)
        .setCleanDataDirectory(false)
        .setPGStartupWait(Duration.ofSeconds(60))
        .setServerConfig("fsync", "on")
        .setServerConfig("synchronous_commit", "on")
        .setServerConfig("full_page_writes", "on")
        .setServerConfig("listen_addresses", listenAddresses(host))
        .setServerConfig("max_connections", "200")
        // A lock waited on for longer than deadlock_timeout (1 s) is logged with who holds it.
        .setServerConfig("log_lock_waits", "on");
    if (port > 0) {
      builder.setPort(port);
    }
    // Further server settings for operators and profiling, e.g. -Dbastion.pg.shared_buffers=256MB
    System.getProperties().stringPropertyNames().stream()
        .filter(k -> k.startsWith("bastion.pg."))
        .forEach(k -> builder.setServerConfig(k.substring("bastion.pg.".length()), System.getProperty(k)));
    EmbeddedPostgres pg = startOrFail(builder, dataDir, log);
    try {
      requirePassword(pg, dataDir, password, hba(host));
    } catch (IOException | RuntimeException e) {
      pg.close();
      throw e;
    }
    LOG.info("embedded PostgreSQL on {}:{} with data in {}, its log in {}", host, pg.getPort(),
        dataDir.toAbsolutePath(), log.toAbsolutePath());
    return new EmbeddedDatabase(pg, dataDir, password);
  }

  /**
   * Zonky waits up to a minute for a server that pg_ctl already gave up on (a broken postgresql.conf, a port in
   * use). Crash recovery may need that minute, so the wait stays; but once pg_ctl has written "could not start
   * server" into the log and no postmaster runs, the start failed, and this says so at once with the log's end.
   */
  private static EmbeddedPostgres startOrFail(EmbeddedPostgres.Builder builder, Path dataDir, Path log)
      throws IOException {
    long logStart = Files.exists(log) ? Files.size(log) : 0;
    CompletableFuture<EmbeddedPostgres> starting = CompletableFuture.supplyAsync(() -> {
      try {
        return builder.start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    while (true) {
      try {
        return starting.get(200, TimeUnit.MILLISECONDS);
      } catch (TimeoutException stillStarting) {
        if (pgCtlGaveUp(log, logStart) && postmasterOf(dataDir).filter(ProcessHandle::isAlive).isEmpty()) {
          List<String> end = tail(log, 8);
          String fatal = end.stream().filter(l -> l.contains("FATAL:")).reduce((x, y) -> y)
              .map(l -> l.substring(l.indexOf("FATAL:") + 6).trim()).orElse("pg_ctl gave up");
          throw new IOException("PostgreSQL did not start on " + dataDir.toAbsolutePath() + ": " + fatal
              + " (see " + log.toAbsolutePath() + ")\n" + String.join("\n", end));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while PostgreSQL started", e);
      } catch (ExecutionException e) {
        throw e.getCause() instanceof UncheckedIOException io ? io.getCause()
            : new IOException("PostgreSQL did not start: " + e.getCause(), e.getCause());
      }
    }
  }

  /** Whether pg_ctl reported, in what this start added to the log, that the server did not start. */
  private static boolean pgCtlGaveUp(Path log, long from) {
    try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(log.toFile(), "r")) {
      long length = file.length();
      if (length <= from) {
        return false;
      }
      byte[] added = new byte[(int) Math.min(length - from, 1 << 20)];
      file.seek(from);
      file.readFully(added);
      return new String(added, java.nio.charset.StandardCharsets.UTF_8).contains("could not start server");
    } catch (IOException e) {
      return false;
    }
  }

  private static List<String> tail(Path log, int lines) {
    try {
      List<String> all = Files.readAllLines(log);
      return all.subList(Math.max(0, all.size() - lines), all.size());
    } catch (IOException e) {
      return List.of("(unreadable: " + e + ")");
    }
  }

  /** Sets the superuser's password and, when pg_hba.conf still trusts (a fresh initdb), makes it ask for it. */
  private static void requirePassword(EmbeddedPostgres pg, Path dataDir, String password, String wanted)
      throws IOException {
    Path hba = dataDir.resolve("pg_hba.conf");
    if (Files.readString(hba).equals(wanted)) {
      return;
    }
    try (Connection c = DriverManager.getConnection(
        "jdbc:postgresql://" + LOOPBACK + ":" + pg.getPort() + "/" + DATABASE, USER, password);
        Statement s = c.createStatement()) {
      // The password is base64url: nothing in it needs escaping.
      s.execute("ALTER ROLE " + USER + " PASSWORD '" + password + "'");
      Files.writeString(hba, wanted);
      s.execute("SELECT pg_reload_conf()");
    } catch (SQLException e) {
      throw new IOException("could not set the embedded PostgreSQL's password: " + e.getMessage(), e);
    }
    LOG.info("the embedded PostgreSQL now asks for the password in {}", passwordFile(dataDir));
  }

  /**
   * PostgreSQL's listen_addresses: loopback always (the embedded server's own start-up check connects to
   * localhost), and {@code host} besides; a wildcard alone already covers loopback.
   */
  static String listenAddresses(String host) {
    return host.equals(LOOPBACK) || host.equals("*") || host.equals("0.0.0.0") ? host : LOOPBACK + "," + host;
  }

  /** pg_hba.conf for a server listening on {@code host}: password authentication, from other hosts only if needed. */
  static String hba(String host) {
    return host.equals(LOOPBACK) ? PG_HBA : PG_HBA + hbaOtherHosts(ClientNetwork.of(host));
  }

  /** The superuser's password. */
  public String password() {
    return password;
  }

  public int port() {
    return postgres.getPort();
  }

  public Path dataDir() {
    return dataDir;
  }

  /**
   * The postmaster, as {@code postmaster.pid} names it; empty when it is not running. It runs detached (pg_ctl
   * starts it), so nothing tells this JVM when it dies: watch this handle.
   */
  public Optional<ProcessHandle> postmaster() {
    return postmasterOf(dataDir).filter(ProcessHandle::isAlive);
  }

  /**
   * Stops the server (fast shutdown) and releases the data directory's lock ({@code epg-lock}, which zonky holds
   * while this object is open). After the postmaster died, pg_ctl has nothing to stop and zonky logs that.
   */
  @Override
  public void close() throws IOException {
    postgres.close();
  }

  /**
   * A JVM killed with SIGKILL leaves its postgres running, and zonky would then silently reuse it with whatever
   * settings it had. Stop it first so that every start gets the configuration above.
   */
  private static void stopOrphan(Path dataDir) {
    Optional<ProcessHandle> process = postmasterOf(dataDir);
    if (process.isEmpty() || !process.get().isAlive()) {
      return;
    }
    long pid = process.get().pid();
    try {
      LOG.warn("stopping an orphaned PostgreSQL (pid {}) left on {}", pid, dataDir);
      // SIGINT: fast shutdown. SIGTERM (smart) would wait for the user nodes' pooled connections, which stay open.
      new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
      process.get().onExit().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("could not stop the orphaned PostgreSQL (pid {}): {}", pid, e.toString());
    }
  }

  /** The process {@code <dataDir>/postmaster.pid} names, when it is a postgres (a pid may have been reused). */
  private static Optional<ProcessHandle> postmasterOf(Path dataDir) {
    Path pidFile = dataDir.resolve("postmaster.pid");
    try {
      List<String> lines = Files.readAllLines(pidFile);
      return ProcessHandle.of(Long.parseLong(lines.get(0).trim()))
          .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // no file (not running), or one being written
    }
  }
}
