package io.bastion.user.web;

import io.bastion.codecs.Addresses;
import io.bastion.codecs.JsonText;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Who has an assessment open on this user node: the accounts of the bridge sockets registered on its feed
 * {@code assessments.<id>}. For each such assessment the node publishes
 * {@code {"type":"presence","assessmentId","node","viewers":[{"id","email"}],"ttlMs"}} on the feed at once when its
 * viewers change, again every second while there are any (so that pages on other nodes, which forget a node's list
 * after {@code ttlMs} without news, keep it while this node lives), and once with an empty list when the last one
 * leaves. One timer for the whole node, running only while someone is viewing. Used from the verticle's event loop.
 *
 * <p>{@code node} names the publisher: one Presence per verticle instance, so with several instances on a node it is
 * the node's name and the instance's deployment id ({@code user-1/<deployment id>}); pages and subscriptions merge
 * the lists per {@code node}, and instances with one key would overwrite each other's lists.
 */
public final class Presence {

  /** The {@code type} of a presence event on the feed. */
  public static final String TYPE = "presence";
  /** How often a non-empty list is repeated. */
  static final long INTERVAL_MS = 1_000;
  /** How long a page keeps a node's list without news (the contract's 3 s: three repeats may be lost). */
  static final long TTL_MS = 3_000;

  /** A viewer as teammates see them. */
  public record Viewer(UUID id, String email) {
    JsonObject toJson() {
      return new JsonObject().put("id", id.toString()).put("email", email);
    }
  }

  private static final Comparator<Viewer> ORDER = Comparator.comparing(Viewer::email).thenComparing(Viewer::id);

  private final Vertx vertx;
  private final String node;
  /** Per assessment, the viewer of each registered socket. */
  private final Map<UUID, Map<Object, Viewer>> viewing = new HashMap<>();
  private long timer = -1;

  /** @param node the key of this publisher's list: unique per verticle instance in the mesh */
  public Presence(Vertx vertx, String node) {
    this.vertx = vertx;
    this.node = node;
  }

  /** A socket registered on the assessment's feed. */
  public void join(UUID assessmentId, Object socket, Viewer viewer) {
    Map<Object, Viewer> sockets = viewing.computeIfAbsent(assessmentId, id -> new HashMap<>());
    List<Viewer> before = viewers(sockets);
    sockets.put(socket, viewer);
    if (!before.equals(viewers(sockets))) {
      publish(assessmentId, sockets);
    }
    if (timer < 0) {
      timer = vertx.setPeriodic(INTERVAL_MS, id -> repeat());
    }
  }

  /** A socket unregistered from the assessment's feed, or closed. */
  public void leave(UUID assessmentId, Object socket) {
    Map<Object, Viewer> sockets = viewing.get(assessmentId);
    if (sockets == null) {
      return;
    }
    List<Viewer> before = viewers(sockets);
    sockets.remove(socket);
    if (sockets.isEmpty()) {
      viewing.remove(assessmentId);
    }
    if (!before.equals(viewers(sockets))) {
      publish(assessmentId, sockets); // an empty list once, when the last viewer leaves
    }
    if (viewing.isEmpty() && timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  /** The viewers of one assessment on this node right now (for tests). */
  public List<Viewer> viewers(UUID assessmentId) {
    return viewers(viewing.getOrDefault(assessmentId, Map.of()));
  }

  private void repeat() {
    viewing.forEach(this::publish);
  }

  private void publish(UUID assessmentId, Map<Object, Viewer> sockets) {
    JsonArray list = new JsonArray();
    viewers(sockets).forEach(v -> list.add(v.toJson()));
    vertx.eventBus().publish(Addresses.assessment(assessmentId), JsonText.of(new JsonObject()
        .put("type", TYPE)
        .put("assessmentId", assessmentId.toString())
        .put("node", node)
        .put("viewers", list)
        .put("ttlMs", TTL_MS)));
  }

  /** Each account once (two tabs of one person are one viewer), in a stable order. */
  private static List<Viewer> viewers(Map<Object, Viewer> sockets) {
    return sockets.values().stream().distinct().sorted(ORDER).toList();
  }
}
