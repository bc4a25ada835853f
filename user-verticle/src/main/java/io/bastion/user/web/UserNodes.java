package io.bastion.user.web;

import io.bastion.node.ClusterSigner;
import io.bastion.node.ClusterVerifier;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running user nodes, for the page's failover ({@code /nodes}) and for {@link TrustedOrigins}. Each node puts
 * an {@link Announcement} of its public origin, signed with its event bus key, into a cluster-wide map every 20 s,
 * valid 60 s; each node reads the map every 5 s and believes an entry only when it verifies against the cluster CA
 * (checked when the entry changes, remembered until it expires). Any process that joins Hazelcast can write into
 * the map, so what fails verification is logged (at most once a minute per entry) and ignored.
 *
 * <p>With {@code cluster.tls=off} (or no cluster) there is nothing to verify with: the node neither announces itself
 * nor believes announcements, and says so once.
 */
public final class UserNodes {

  static final String MAP = "bastion.user-nodes";
  static final Duration LIFETIME = Duration.ofSeconds(60);
  static final Duration ANNOUNCE_EVERY = Duration.ofSeconds(20);
  static final Duration READ_EVERY = Duration.ofSeconds(5);
  /** Entries read per round: a flooded map costs a bounded amount of work. */
  static final int MAX_ENTRIES = 256;
  private static final Duration WARN_EVERY = Duration.ofMinutes(1);
  private static final Logger LOG = LoggerFactory.getLogger(UserNodes.class);

  /** What this node signs and verifies with: the event bus certificate, key and CA. */
  public record Keys(ClusterSigner signer, ClusterVerifier verifier) {
  }

  /** What was last read under one key: the stored value and, when it verified, the announcement. */
  private record Seen(Object value, Announcement announced) {
  }

  private final Vertx vertx;
  private final String name;
  private final String cluster;
  private final Optional<Keys> keys;
  private final Clock clock;
  private final Map<Object, Seen> seen = new HashMap<>();
  private final Map<Object, Instant> warned = new HashMap<>();
  /** Verified origins and until when, kept until they expire even when their entry is removed. */
  private volatile Map<String, Instant> verified = Map.of();
  private volatile List<Announcement> present = List.of();
  private volatile String self;
  private AsyncMap<Object, Object> map;
  private final List<Long> timers = new ArrayList<>();

  public UserNodes(Vertx vertx, String name, String cluster, Optional<Keys> keys, Clock clock) {
    this.vertx = vertx;
    this.name = name;
    this.cluster = cluster;
    this.keys = keys;
    this.clock = clock;
  }

  /** Starts announcing {@code publicUrl}'s origin (when there are keys) and reading the others'. */
  public Future<Void> start(String publicUrl) {
    self = Origins.of(publicUrl).orElseThrow(() -> new IllegalArgumentException(
        "http.public-url: '" + publicUrl + "' is not an http(s) URL"));
    if (keys.isEmpty()) {
      LOG.warn("no cluster certificate (cluster.tls=off or no cluster): user node announcements are neither made "
          + "nor believed; trusted origins are this node's public URL and http.trusted-origins only");
      return Future.succeededFuture();
    }
    // Cluster-wide when clustered (always, in production); a local map on a lone Vert.x (tests).
    return vertx.sharedData().<Object, Object>getAsyncMap(MAP).compose(m -> {
      map = m;
      timers.add(vertx.setPeriodic(ANNOUNCE_EVERY.toMillis(), id -> announce()));
      timers.add(vertx.setPeriodic(READ_EVERY.toMillis(), id -> read()));
      return announce().compose(v -> read());
    });
  }

  public Future<Void> stop() {
    timers.forEach(vertx::cancelTimer);
    return map == null ? Future.succeededFuture() : map.remove(name).<Void>mapEmpty().recover(e -> Future.succeededFuture());
  }

  /** This node's public origin. */
  public String self() {
    return self;
  }

  /** The nodes a page may move to: this one first, then those whose announcement is in the map and holds. */
  public List<String> urls() {
    Instant now = clock.instant();
    Set<String> all = new LinkedHashSet<>();
    all.add(self);
    for (Announcement a : present) {
      if (a.expires().isAfter(now)) {
        all.add(a.origin());
      }
    }
    return List.copyOf(all);
  }

  /** The origins of verified announcements that have not expired (also of nodes that have since stopped). */
  public Set<String> verifiedOrigins() {
    Instant now = clock.instant();
    Set<String> origins = new LinkedHashSet<>();
    verified.forEach((origin, until) -> {
      if (until.isAfter(now)) {
        origins.add(origin);
      }
    });
    return origins;
  }

  Future<Void> announce() {
    Announcement mine = Announcement.of(cluster, name, self, clock.instant(), LIFETIME);
    return vertx.executeBlocking(() -> mine.sign(keys.orElseThrow().signer()), false)
        .compose(signed -> map.put(name, signed, LIFETIME.toMillis()))
        .onFailure(e -> LOG.warn("could not announce this node: {}", e.toString()));
  }

  /** Reads every entry; verifies, off the event loop, those whose value changed since the last round. */
  Future<Void> read() {
    return map.keys().compose(keySet -> {
      List<Object> names = new ArrayList<>(keySet);
      if (names.size() > MAX_ENTRIES) {
        warnOnce(MAP, "the user-node map holds " + names.size() + " entries; reading the first " + MAX_ENTRIES);
        names = names.subList(0, MAX_ENTRIES);
      }
      List<Future<Object>> values = new ArrayList<>();
      for (Object key : names) {
        values.add(map.get(key).recover(e -> Future.succeededFuture(new Unreadable(e.toString()))));
      }
      List<Object> keyList = names;
      return Future.all(values).compose(all -> {
        Map<Object, Object> current = new LinkedHashMap<>();
        for (int i = 0; i < keyList.size(); i++) {
          if (all.resultAt(i) != null) { // null: removed since keys() answered
            current.put(keyList.get(i), all.resultAt(i));
          }
        }
        return verifyChanged(current);
      });
    }).onFailure(e -> warnOnce(MAP, "cannot read the user-node map: " + e)).mapEmpty();
  }

  /** A value this node could not even deserialize. */
  private record Unreadable(String reason) {
  }

  private Future<Void> verifyChanged(Map<Object, Object> current) {
    Map<Object, Object> changed = new LinkedHashMap<>();
    current.forEach((key, value) -> {
      Seen before = seen.get(key);
      if (before == null || !before.value().equals(value)) {
        changed.put(key, value);
      }
    });
    ClusterVerifier verifier = keys.orElseThrow().verifier();
    Instant now = clock.instant();
    return vertx.executeBlocking(() -> {
      Map<Object, Object> results = new LinkedHashMap<>(); // an Announcement or the reason it was refused
      changed.forEach((key, value) -> results.put(key, check(verifier, key, value, now)));
      return results;
    }, false).map(results -> {
      seen.keySet().retainAll(current.keySet());
      results.forEach((key, result) -> {
        if (result instanceof Announcement a) {
          seen.put(key, new Seen(current.get(key), a));
        } else {
          seen.put(key, new Seen(current.get(key), null));
          warnOnce(key, "user node announcement '" + printable(String.valueOf(key), 64) + "' rejected: " + result);
        }
      });
      publish(now);
      return null;
    });
  }

  private Object check(ClusterVerifier verifier, Object key, Object value, Instant now) {
    if (value instanceof Unreadable u) {
      return "unreadable value: " + u.reason();
    }
    try {
      return Announcement.verify(verifier, cluster, key, value, now);
    } catch (GeneralSecurityException | RuntimeException e) {
      return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
  }

  private void publish(Instant now) {
    List<Announcement> live = new ArrayList<>();
    Map<String, Instant> origins = new HashMap<>();
    verified.forEach((origin, until) -> {
      if (until.isAfter(now)) {
        origins.put(origin, until);
      }
    });
    for (Map.Entry<Object, Seen> e : seen.entrySet()) {
      Announcement a = e.getValue().announced();
      if (a != null && a.expires().isAfter(now) && !a.node().equals(name)) {
        live.add(a);
        origins.merge(a.origin(), a.expires(), (x, y) -> x.isAfter(y) ? x : y);
      }
    }
    live.sort(java.util.Comparator.comparing(Announcement::node));
    present = List.copyOf(live);
    verified = Map.copyOf(origins);
  }

  private void warnOnce(Object key, String message) {
    Instant now = clock.instant();
    Instant last = warned.get(key);
    if (last == null || !now.isBefore(last.plus(WARN_EVERY))) {
      warned.put(key, now);
      LOG.warn(printable(message, 400));
    }
    if (warned.size() > 4 * MAX_ENTRIES) {
      warned.values().removeIf(t -> now.isAfter(t.plus(WARN_EVERY)));
    }
  }

  /** Text that may come from whoever wrote into the map, as it may be logged: printable ASCII, bounded. */
  private static String printable(String text, int max) {
    String s = text.replaceAll("[^\\x20-\\x7e]", "?");
    return s.length() > max ? s.substring(0, max) + "..." : s;
  }
}
