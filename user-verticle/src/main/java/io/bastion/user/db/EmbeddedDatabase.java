package io.bastion.user.db;

import io.bastion.node.OwnerOnly;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
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
  /** Clients from other hosts, when the server listens beyond loopback: the same password, nothing else. */
  static final String HBA_OTHER_HOSTS = "host  all all all scram-sha-256\n";

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

  /** Starts (or restarts on an existing data directory) a server on 127.0.0.1; port 0 picks a free one. */
  public static EmbeddedDatabase start(Path dataDir, int port) throws IOException {
    return start(dataDir, LOOPBACK, port);
  }

  /**
   * A server listening on {@code host} (an address of this machine, such as the one other hosts reach it at);
   * clients from other addresses need the password like local ones (see {@link #hba(String)}).
   */
  public static EmbeddedDatabase start(Path dataDir, String host, int port) throws IOException {
    OwnerOnly.directory(dataDir);
    stopOrphan(dataDir);
    String password = OwnerOnly.secret(passwordFile(dataDir), 24);
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
        .setConnectConfig("password", password)
        .setDataDirectory(dataDir)
        .setCleanDataDirectory(false)
        .setPGStartupWait(Duration.ofSeconds(60))
        .setServerConfig("fsync", "on")
        .setServerConfig("synchronous_commit", "on")
        .setServerConfig("full_page_writes", "on")
        .setServerConfig("listen_addresses", listenAddresses(host))
        .setServerConfig("max_connections", "200");
    if (port > 0) {
      builder.setPort(port);
    }
    // Further server settings for operators and profiling, e.g. -Dbastion.pg.shared_buffers=256MB
    System.getProperties().stringPropertyNames().stream()
        .filter(k -> k.startsWith("bastion.pg."))
        .forEach(k -> builder.setServerConfig(k.substring("bastion.pg.".length()), System.getProperty(k)));
    EmbeddedPostgres pg = builder.start();
    try {
      requirePassword(pg, dataDir, password, hba(host));
    } catch (IOException | RuntimeException e) {
      pg.close();
      throw e;
    }
    LOG.info("embedded PostgreSQL on {}:{} with data in {}", host, pg.getPort(), dataDir.toAbsolutePath());
    return new EmbeddedDatabase(pg, dataDir, password);
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
    return host.equals(LOOPBACK) ? PG_HBA : PG_HBA + HBA_OTHER_HOSTS;
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

  @Override
  public void close() throws IOException {
    postgres.close();
  }

  /**
   * A JVM killed with SIGKILL leaves its postgres running, and zonky would then silently reuse it with whatever
   * settings it had. Stop it first so that every start gets the configuration above.
   */
  private static void stopOrphan(Path dataDir) {
    Path pidFile = dataDir.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    try {
      List<String> lines = Files.readAllLines(pidFile);
      long pid = Long.parseLong(lines.get(0).trim());
      Optional<ProcessHandle> process = ProcessHandle.of(pid);
      if (process.isPresent() && process.get().isAlive()
          && process.get().info().command().map(c -> c.endsWith("postgres")).orElse(false)) {
        LOG.warn("stopping an orphaned PostgreSQL (pid {}) left on {}", pid, dataDir);
        process.get().destroy(); // SIGTERM: smart shutdown, the data stays consistent
        process.get().onExit().get(30, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      LOG.warn("could not check {}: {}", pidFile, e.toString());
    }
  }
}
