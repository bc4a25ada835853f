package io.bastion.bench;

import io.bastion.catalogue.Catalogue;
import io.bastion.codecs.AnswerEvent;
import io.bastion.codecs.Codecs;
import io.bastion.codecs.ReportEvent;
import io.bastion.node.NodeTls;
import io.bastion.node.Settings;
import io.bastion.node.TlsSettings;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The event bus alone, as Bastion uses it: request/reply of an AnswerEvent (a full baseline snapshot) answered by
 * a ReportEvent, across two JVMs clustered over Hazelcast with the project's codecs and mutual TLS. The server
 * replies with a report computed once; the client keeps a fixed number of requests in flight.
 */
public final class BusBench {

  static final String ADDRESS = "bench.bus";

  private BusBench() {
  }

  static Future<Vertx> clustered() throws Exception {
    VertxOptions options = new VertxOptions();
    options.getEventBusOptions().setHost("127.0.0.1");
    NodeTls.configure(options.getEventBusOptions(), TlsSettings.from(Settings.bootstrap()));
    return Vertx.builder().with(options).withClusterManager(new HazelcastClusterManager()).buildClustered()
        .map(v -> {
          Codecs.register(v);
          return v;
        });
  }

  /** Replies to every request with the same report; runs until killed. */
  public static void server(Path catalogues) throws Exception {
    Catalogue c = Samples.baseline(catalogues);
    ReportEvent report = Samples.report(c, Samples.answerEvent(c, 1));
    Vertx vertx = LoadGenerator.await(clustered(), 120);
    LoadGenerator.await(vertx.eventBus().<AnswerEvent>consumer(ADDRESS, m -> {
      m.body();
      m.reply(report);
    }).completion(), 30);
    System.out.println("BUS SERVER READY");
  }

  /** Prints one JSON line: messages per second and round-trip latency. */
  public static void client(Path catalogues, int inFlight, int seconds) throws Exception {
    Catalogue c = Samples.baseline(catalogues);
    AnswerEvent event = Samples.answerEvent(c, 2);
    Vertx vertx = LoadGenerator.await(clustered(), 120);
    // Wait until the server's consumer is visible here.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try {
        LoadGenerator.await(vertx.eventBus().request(ADDRESS, event, new DeliveryOptions().setSendTimeout(2000)), 5);
        break;
      } catch (Exception e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
      }
    }
    JsonObject result = LoadGenerator.await(vertx.executeBlocking(() -> null)
        .compose(v -> measure(vertx, event, inFlight, 3))                  // warm-up
        .compose(v -> measure(vertx, event, inFlight, seconds)), seconds + 60);
    System.out.println("BUS RESULT " + result.put("inFlight", inFlight).encode());
    vertx.close();
    System.exit(0);
  }

  private static Future<JsonObject> measure(Vertx vertx, AnswerEvent event, int inFlight, int seconds) {
    Promise<JsonObject> done = Promise.promise();
    vertx.runOnContext(x -> {
      Histogram h = new Histogram(TimeUnit.SECONDS.toMicros(30), 3);
      long start = System.nanoTime();
      long end = start + TimeUnit.SECONDS.toNanos(seconds);
      long[] counts = {0, 0, 0}; // replies, failures, outstanding
      Runnable[] sendOne = new Runnable[1];
      sendOne[0] = () -> {
        long t = System.nanoTime();
        counts[2]++;
        vertx.eventBus().request(ADDRESS, event, new DeliveryOptions().setSendTimeout(5000)).onComplete(ar -> {
          counts[2]--;
          if (ar.succeeded()) {
            counts[0]++;
            h.recordValue(Math.max(1, (System.nanoTime() - t) / 1000));
          } else {
            counts[1]++;
          }
          if (System.nanoTime() < end) {
            sendOne[0].run();
          } else if (counts[2] == 0) {
            double secs = (System.nanoTime() - start) / 1e9;
            done.complete(new JsonObject().put("seconds", LoadGenerator.round(secs))
                .put("messagesPerSecond", LoadGenerator.round(counts[0] / secs)).put("failures", counts[1])
                .put("roundTripMs", LoadGenerator.percentiles(h)));
          }
        });
      };
      for (int i = 0; i < inFlight; i++) {
        sendOne[0].run();
      }
    });
    return done.future();
  }
}
