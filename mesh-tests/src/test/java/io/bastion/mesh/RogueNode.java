package io.bastion.mesh;

import io.bastion.codecs.Addresses;
import io.bastion.codecs.AnswerEntry;
import io.bastion.codecs.AnswerEvent;
import io.bastion.codecs.AnswerState;
import io.bastion.codecs.Codecs;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An intruder for the attack suite: a JVM that joins the Hazelcast cluster (it knows the cluster name and ports)
 * but has no event bus certificate. It listens for AnswerEvents, publishes forged reports to a victim's address
 * and sends forged AnswerEvents to the security service, printing what happened. Run as its own process.
 *
 * <p>Arguments: victim account id.
 */
public final class RogueNode {

  private RogueNode() {
  }

  public static void main(String[] args) {
    String victim = args[0];
    String victimsAssessment = args[1]; // whose live feed it tries to forge reports on
    AtomicInteger received = new AtomicInteger();
    Set<UUID> forgedIds = ConcurrentHashMap.newKeySet();
    VertxOptions options = new VertxOptions();
    options.getEventBusOptions().setHost("127.0.0.1");
    Vertx.builder().with(options).withClusterManager(new HazelcastClusterManager()).buildClustered()
        .onFailure(e -> {
          System.out.println("ROGUE FAILED TO START " + e);
          System.exit(1);
        })
        .onSuccess(vertx -> {
          Codecs.register(vertx);
          vertx.eventBus().<Object>consumer(Addresses.ANSWERS, m -> {
            if (m.body() instanceof AnswerEvent e && forgedIds.contains(e.eventId())) {
              System.out.println("ROGUE LOOPBACK");
            } else {
              System.out.println("ROGUE RECEIVED " + received.incrementAndGet() + " " + m.body());
            }
            m.reply(new JsonObject().put("forged", true));
          }).completion().onSuccess(v -> System.out.println("ROGUE READY"));
          vertx.setPeriodic(300, id -> {
            vertx.eventBus().publish(Addresses.assessment(UUID.fromString(victimsAssessment)), new JsonObject()
                .put("type", "report").put("assessmentId", victimsAssessment).put("version", 999).put("score", 100.0)
                .put("forged", true));
            AnswerEvent forged = new AnswerEvent(UUID.randomUUID(), UUID.fromString(victim), UUID.randomUUID(), 1,
                AnswerState.NEW, "gv-owner", Instant.now(), Instant.now(), "baseline", "2026.1",
                List.of(new AnswerEntry("gv-owner", "yes")), null);
            forgedIds.add(forged.eventId());
            vertx.eventBus().request(Addresses.ANSWERS, forged, new DeliveryOptions().setSendTimeout(2000))
                .onSuccess(reply -> System.out.println(reply.body() instanceof JsonObject
                    ? "ROGUE GOT ITS OWN REPLY" : "ROGUE GOT A REPORT " + reply.body()))
                .onFailure(e -> System.out.println("ROGUE REQUEST FAILED " + e.getMessage()));
          });
        });
  }
}
