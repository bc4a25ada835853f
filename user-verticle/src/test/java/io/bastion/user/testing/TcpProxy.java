package io.bastion.user.testing;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A TCP proxy a test puts between a user node and {@link TestDatabase}, to cut the database off and restore it: a
 * real outage as the node sees one (connections reset, new ones refused), without stopping the server other test
 * classes share. {@link #cut()} closes every open connection and stops listening, so that new connections get
 * "connection refused", as from a stopped PostgreSQL; {@link #restore()} listens again on the same port.
 * {@link #hang()} is a database that does not answer: connections stay open (new ones are accepted) but nothing
 * gets through either way; {@link #restore()} then resets them (their protocol state is lost), so the node
 * connects again.
 */
public final class TcpProxy implements AutoCloseable {

  private final Vertx vertx;
  private final String targetHost;
  private final int targetPort;
  private final NetClient client;
  private final Set<NetSocket> open = ConcurrentHashMap.newKeySet();
  private volatile NetServer server;
  private String listenHost = "127.0.0.1";
  private volatile boolean hanging;
  private int port;

  private TcpProxy(Vertx vertx, String targetHost, int targetPort) {
    this.vertx = vertx;
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.client = vertx.createNetClient();
  }

  /** A proxy to {@code targetHost:targetPort} on a free port of 127.0.0.1 (blocks: call from the test thread). */
  public static TcpProxy start(Vertx vertx, String targetHost, int targetPort) {
    TcpProxy proxy = new TcpProxy(vertx, targetHost, targetPort);
    proxy.listen(0);
    return proxy;
  }

  /**
   * A proxy to {@code targetHost:targetPort} on a free port of {@code listenHost} (another loopback address, say: a
   * server reached under an address its certificate does not name).
   */
  public static TcpProxy start(Vertx vertx, String listenHost, String targetHost, int targetPort) {
    TcpProxy proxy = new TcpProxy(vertx, targetHost, targetPort);
    proxy.listenHost = listenHost;
    proxy.listen(0);
    return proxy;
  }

  public int port() {
    return port;
  }

  /** The outage: every connection through the proxy reset, new ones refused. */
  public synchronized void cut() {
    await(server.close());
    server = null;
    for (NetSocket s : Set.copyOf(open)) {
      s.close();
    }
    open.clear();
  }

  /** A hung database: connections open and accepted, bytes swallowed. */
  public synchronized void hang() {
    hanging = true;
  }

  /** The end of the outage: connections through the proxy work again, on the same port. */
  public synchronized void restore() {
    if (hanging) {
      hanging = false;
      for (NetSocket s : Set.copyOf(open)) {
        s.close();
      }
      open.clear();
    }
    if (server == null) {
      listen(port);
    }
  }

  private void listen(int onPort) {
    NetServer s = vertx.createNetServer().connectHandler(this::accept);
    server = s;
    port = await(s.listen(onPort, listenHost)).actualPort();
  }

  private void accept(NetSocket in) {
    in.pause();
    open.add(in);
    client.connect(targetPort, targetHost).onComplete(ar -> {
      if (ar.failed()) {
        open.remove(in);
        in.close();
        return;
      }
      NetSocket out = ar.result();
      open.add(out);
      in.closeHandler(v -> forget(in, out));
      out.closeHandler(v -> forget(out, in));
      forward(in, out);
      forward(out, in);
      in.resume();
    });
  }

  /** As a pipe, with back-pressure, except that nothing gets through while {@link #hang hanging}. */
  private void forward(NetSocket from, NetSocket to) {
    from.handler(data -> {
      if (hanging) {
        return;
      }
      to.write(data);
      if (to.writeQueueFull()) {
        from.pause();
        to.drainHandler(v -> from.resume());
      }
    });
  }

  private void forget(NetSocket closed, NetSocket other) {
    open.remove(closed);
    other.close();
  }

  @Override
  public synchronized void close() {
    if (server != null) {
      await(server.close());
      server = null;
    }
    open.forEach(NetSocket::close);
    client.close();
  }

  private static <T> T await(io.vertx.core.Future<T> future) {
    try {
      return future.await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("TCP proxy: " + e, e);
    }
  }
}
