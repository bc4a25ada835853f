package io.bastion.user.db;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the embedded database as its own process, so that user nodes can come and go (or be killed) without taking
 * it down. {@code ./bastion up} starts it with {@code java -cp user-verticle-fat.jar io.bastion.user.db.DatabaseMain
 * <data-dir> <port> [<listen-address>]} (default 127.0.0.1; the address other hosts reach it at when the user
 * nodes run elsewhere) and stops it with SIGTERM.
 */
public final class DatabaseMain {

  private DatabaseMain() {
  }

  public static void main(String[] args) throws Exception {
    Path dataDir = Path.of(args.length > 0 ? args[0] : "data/pg");
    int port = args.length > 1 ? Integer.parseInt(args[1]) : 15432;
    String host = args.length > 2 ? args[2] : EmbeddedDatabase.LOOPBACK;
    EmbeddedDatabase db = EmbeddedDatabase.start(dataDir, host, port);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        db.close();
      } catch (Exception e) {
        System.err.println("database stop failed: " + e);
      } finally {
        stopped.countDown();
      }
    }, "database-stop"));
    System.out.println("DATABASE READY port=" + db.port());
    stopped.await();
  }
}
