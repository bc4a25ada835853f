package io.bastion.node;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the {@link NodeWarmUp}s of this jar when the node is launched, and lets a verticle wait for them before
 * it registers for work. A warm-up that fails costs speed only: the node starts anyway.
 */
public final class WarmUps {

  private static final Logger LOG = LoggerFactory.getLogger(WarmUps.class);
  private static volatile CompletableFuture<Void> done = CompletableFuture.completedFuture(null);

  private WarmUps() {
  }

  /** Starts every warm-up found on the class path on one background thread. */
  static void start(Settings settings) {
    List<NodeWarmUp> warmUps = new ArrayList<>();
    ServiceLoader.load(NodeWarmUp.class).forEach(warmUps::add);
    if (warmUps.isEmpty()) {
      return;
    }
    CompletableFuture<Void> future = new CompletableFuture<>();
    Thread thread = new Thread(() -> {
      long start = System.nanoTime();
      for (NodeWarmUp warmUp : warmUps) {
        try {
          warmUp.run(settings);
        } catch (Exception | LinkageError e) {
          LOG.warn("warm-up {} failed, the node starts cold: {}", warmUp.getClass().getSimpleName(), e.toString());
        }
      }
      LOG.info("warmed up in {} ms", (System.nanoTime() - start) / 1_000_000);
      future.complete(null);
    }, "bastion-warm-up");
    thread.setDaemon(true);
    done = future;
    thread.start();
  }

  /** Completes when the warm-ups started at launch are over (at once when there were none). */
  public static Future<Void> finished(Vertx vertx) {
    return Future.fromCompletionStage(done, vertx.getOrCreateContext());
  }
}
