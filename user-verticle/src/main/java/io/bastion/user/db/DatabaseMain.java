package io.bastion.user.db;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs the embedded database as its own process, so that user nodes can come and go (or be killed) without taking
 * it down. {@code ./bastion up} starts it with {@code java -cp user-verticle-fat.jar io.bastion.user.db.DatabaseMain
 * <data-dir> <port> [<listen-address> [<postgres-log>]]} (listen address default 127.0.0.1: the address other hosts
 * reach it at when the user nodes run elsewhere) and stops it with SIGTERM.
 *
 * <p>The postmaster runs detached from this JVM. This process watches it and, when it dies (killed, crashed), says
 * so and exits with status {@value #POSTMASTER_DIED}: its supervisor ({@code ./bastion up}) then starts the database
 * again. Exiting also releases the data directory's lock ({@code epg-lock}), which a new process on the same folder
 * needs; a process that kept waiting would hold it forever.
 */
public final class DatabaseMain {

  /** Exit status when the postmaster died under this process. */
  public static final int POSTMASTER_DIED = 3;
  /** Exit status when PostgreSQL did not start. */
  public static final int START_FAILED = 4;

  private DatabaseMain() {
  }

  public static void main(String[] args) throws Exception {
    Path dataDir = Path.of(args.length > 0 ? args[0] : "data/pg");
    int port = args.length > 1 ? Integer.parseInt(args[1]) : 15432;
    String host = args.length > 2 ? args[2] : EmbeddedDatabase.LOOPBACK;
    Path log = args.length > 3 ? Path.of(args[3]) : EmbeddedDatabase.defaultLog(dataDir);
    EmbeddedDatabase db;
    try {
      db = EmbeddedDatabase.start(dataDir, host, port, log);
    } catch (IOException | RuntimeException e) {
      System.err.println("DATABASE FAILED: " + e.getMessage());
      System.exit(START_FAILED);
      return;
    }
    ProcessHandle postmaster = db.postmaster().orElseThrow(
        () -> new IllegalStateException("PostgreSQL started but " + dataDir.resolve("postmaster.pid")
            + " names no running postmaster"));
    AtomicBoolean stopping = new AtomicBoolean();
    CompletableFuture<Integer> exit = new CompletableFuture<>();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(db, stopping), "database-stop"));
    postmaster.onExit().thenRun(() -> {
      if (!stopping.get()) {
        System.err.println("DATABASE FAILED: the PostgreSQL postmaster (pid " + postmaster.pid()
            + ") has stopped; its log: " + log.toAbsolutePath() + ". Exiting so that the database can be started"
            + " again on " + dataDir.toAbsolutePath());
        exit.complete(POSTMASTER_DIED);
      }
    });
    System.out.println("DATABASE READY port=" + db.port() + " pid=" + postmaster.pid());
    System.exit(exit.join());
  }

  /** On SIGTERM (or the exit above): stops PostgreSQL when it still runs, and releases the lock either way. */
  private static void stop(EmbeddedDatabase db, AtomicBoolean stopping) {
    stopping.set(true);
    try {
      db.close();
    } catch (Exception e) {
      System.err.println("database stop failed: " + e);
    }
  }
}
