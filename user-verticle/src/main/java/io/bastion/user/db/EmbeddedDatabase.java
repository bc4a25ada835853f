package io.bastion.user.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
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
 */
public final class EmbeddedDatabase implements AutoCloseable {

  public static final String USER = "postgres";
  public static final String DATABASE = "postgres";

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);

  private final EmbeddedPostgres postgres;
  private final Path dataDir;

  private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDir) {
    this.postgres = postgres;
    this.dataDir = dataDir;
  }

  /** Starts (or restarts on an existing data directory) a server on 127.0.0.1; port 0 picks a free one. */
  public static EmbeddedDatabase start(Path dataDir, int port) throws IOException {
    Files.createDirectories(dataDir);
    stopOrphan(dataDir);
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
        .setDataDirectory(dataDir)
        .setCleanDataDirectory(false)
        .setPGStartupWait(Duration.ofSeconds(60))
        .setServerConfig("fsync", "on")
        .setServerConfig("synchronous_commit", "on")
        .setServerConfig("full_page_writes", "on")
        .setServerConfig("listen_addresses", "127.0.0.1")
        .setServerConfig("max_connections", "200");
    if (port > 0) {
      builder.setPort(port);
    }
    // Further server settings for operators and profiling, e.g. -Dbastion.pg.shared_buffers=256MB
    System.getProperties().stringPropertyNames().stream()
        .filter(k -> k.startsWith("bastion.pg."))
        .forEach(k -> builder.setServerConfig(k.substring("bastion.pg.".length()), System.getProperty(k)));
    EmbeddedPostgres pg = builder.start();
    LOG.info("embedded PostgreSQL on 127.0.0.1:{} with data in {}", pg.getPort(), dataDir.toAbsolutePath());
    return new EmbeddedDatabase(pg, dataDir);
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
