package io.bastion.user.web;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public URLs of the running user nodes, in a cluster-wide map whose entries expire unless refreshed, so a
 * killed node drops out within half a minute. The page uses the list to move its live connection to another
 * node when its own stops; the web server trusts every origin it has seen there (CORS, CSP connect-src, cookie
 * checks), also after that node stopped.
 */
public final class UserNodes {

  static final String MAP = "bastion.user-nodes";
  private static final long TTL_MS = TimeUnit.SECONDS.toMillis(30);
  private static final long REFRESH_MS = TimeUnit.SECONDS.toMillis(5);
  private static final Logger LOG = LoggerFactory.getLogger(UserNodes.class);

  private final Vertx vertx;
  private final String name;
  private final String selfUrl;
  private volatile List<String> urls;
  private volatile Set<String> origins;
  private AsyncMap<String, String> map;
  private long timer = -1;

  public UserNodes(Vertx vertx, String name, String selfUrl) {
    this.vertx = vertx;
    this.name = name;
    this.selfUrl = strip(selfUrl);
    this.urls = List.of(this.selfUrl);
    this.origins = Set.of(origin(this.selfUrl));
  }

  public Future<Void> start() {
    // Cluster-wide when clustered (always, in production); a local map on a lone Vert.x (in-process tests).
    return vertx.sharedData().<String, String>getAsyncMap(MAP)
        .compose(m -> {
          map = m;
          timer = vertx.setPeriodic(REFRESH_MS, id -> refresh());
          return refresh();
        });
  }

  public Future<Void> stop() {
    vertx.cancelTimer(timer);
    return map == null ? Future.succeededFuture() : map.remove(name).mapEmpty();
  }

  private Future<Void> refresh() {
    return map.put(name, selfUrl, TTL_MS)
        .compose(v -> map.values())
        .onSuccess(values -> {
          Set<String> all = new LinkedHashSet<>();
          all.add(selfUrl);
          values.forEach(u -> all.add(strip(u)));
          urls = List.copyOf(all);
          // Origins are only ever added: a page served by a node that has since stopped still comes from us.
          Set<String> o = new LinkedHashSet<>(origins);
          all.forEach(u -> o.add(origin(u)));
          origins = Set.copyOf(o);
        })
        .onFailure(e -> LOG.debug("user node list not refreshed: {}", e.toString()))
        .mapEmpty();
  }

  /** This node first, then the others. */
  public List<String> urls() {
    return urls;
  }

  public String self() {
    return selfUrl;
  }

  public boolean trusts(String origin) {
    return origin != null && origins.contains(origin.toLowerCase());
  }

  public Set<String> origins() {
    return origins;
  }

  private static String strip(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  static String origin(String url) {
    URI u = URI.create(url);
    String port = u.getPort() < 0 ? "" : ":" + u.getPort();
    return (u.getScheme() + "://" + u.getHost() + port).toLowerCase();
  }
}
