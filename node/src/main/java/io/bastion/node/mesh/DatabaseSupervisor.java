package io.bastion.node.mesh;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Keeps the mesh's embedded PostgreSQL running: when its process exits while the mesh runs (the postmaster was
 * killed or crashed, and the database process exited with it), starts it again on the same data and port, up to
 * {@code attempts} times with a growing pause between attempts, one progress line each. User nodes reconnect by
 * themselves. When no attempt succeeds, {@link #gaveUp()} completes with the reason, and whoever runs the mesh stops
 * it. A database stopped on purpose ({@link MeshStarter#stopDatabase()}, {@link MeshStarter#close()}) is left
 * stopped. Turned on with {@link MeshStarter#superviseDatabase}; it then watches every database the starter starts.
 */
public final class DatabaseSupervisor {

  private volatile boolean stopped;

  private final MeshStarter starter;
  private final Consumer<String> progress;
  private final int attempts;
  private final Duration firstPause;
  private final Duration maxPause;
  private final CompletableFuture<String> gaveUp = new CompletableFuture<>();
  /** Restarts run one at a time, off the thread that noticed the exit. */
  private final ExecutorService restarts = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "database-supervisor");
    t.setDaemon(true);
    return t;
  });

  DatabaseSupervisor(MeshStarter starter, Consumer<String> progress, int attempts, Duration firstPause) {
    if (attempts < 1) {
      throw new IllegalArgumentException("at least one attempt to start the database again is needed");
    }
    this.starter = starter;
    this.progress = progress;
    this.attempts = attempts;
    this.firstPause = firstPause;
    this.maxPause = Duration.ofSeconds(30);
  }

  /** Completes, with a message for the operator, when the database stopped and could not be started again. */
  public CompletableFuture<String> gaveUp() {
    return gaveUp;
  }

  /**
   * Stops watching: a database that stops from now on stays stopped (as when the starter itself is killed with the
   * rest of the mesh, which a test plays).
   */
  public void stop() {
    stopped = true;
  }

  /** Watches the database the starter just started. */
  void watch(DatabaseProcess db) {
    db.process().process().onExit().thenRunAsync(() -> onExit(db), restarts);
  }

  private void onExit(DatabaseProcess db) {
    if (stopped || !starter.isCurrentDatabase(db)) {
      return; // stopped on purpose, or already replaced
    }
    progress.accept("the database (pid " + db.process().pid() + ") has stopped: " + why(db.process())
        + "; starting it again on " + db.dataDir() + ", port " + db.port());
    Duration pause = firstPause;
    for (int attempt = 1; attempt <= attempts; attempt++) {
      if (stopped || !starter.isCurrentDatabase(db)) {
        return;
      }
      try {
        DatabaseProcess again = starter.startDatabase(db.dataDir(), db.host(), db.port());
        progress.accept("the database is running again (pid " + again.process().pid() + ", port " + again.port()
            + ", attempt " + attempt + " of " + attempts + ")");
        return;
      } catch (RuntimeException | java.io.IOException e) {
        if (!starter.isCurrentDatabase(db)) {
          return; // the mesh is stopping
        }
        String reason = e instanceof MeshStartException m && m.exited() ? why(m.node())
            : String.valueOf(e.getMessage()).lines().findFirst().orElse(e.toString());
        progress.accept("attempt " + attempt + " of " + attempts + " to start the database again failed: " + reason);
      }
      if (attempt < attempts) {
        try {
          Thread.sleep(pause.toMillis()); // back off: a crash loop must not spin
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        pause = pause.multipliedBy(2).compareTo(maxPause) > 0 ? maxPause : pause.multipliedBy(2);
      }
    }
    gaveUp.complete("the database could not be started again after " + attempts + " attempt(s) (see "
        + db.process().log() + " and " + db.process().log().resolveSibling("postgres.log") + ")");
  }

  /** The database process's own last word (its "DATABASE FAILED" line), else its exit status. */
  private static String why(NodeProcess process) {
    return process.logText().lines().filter(l -> l.startsWith("DATABASE FAILED: ")).reduce((a, b) -> b)
        .map(l -> l.substring("DATABASE FAILED: ".length()))
        .orElse("its process exited with status " + process.process().exitValue());
  }
}
