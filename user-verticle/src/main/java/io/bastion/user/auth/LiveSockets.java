package io.bastion.user.auth;

import io.bastion.codecs.Addresses;
import io.bastion.user.db.Outages;
import io.micrometer.core.instrument.Metrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live sockets of one verticle instance (bridge and GraphQL WebSocket), by the session that opened them. A
 * socket is closed when its session expires, and when any node announces on {@link Addresses#SESSIONS_ENDED}
 * that the session ended (log out, password change or reset, deleted account; see SessionEvents). Used from the
 * verticle's event loop only.
 */
public final class LiveSockets {

  private static final Logger LOG = LoggerFactory.getLogger(LiveSockets.class);
  /** Live sockets of every instance in this JVM ({@code bastion.live.sockets}). */
  private static final AtomicInteger OPEN = Metrics.globalRegistry.gauge("bastion.live.sockets", new AtomicInteger());

  private record Entry(UUID accountId, UUID sessionId, long timer, Runnable close) {
  }

  private final Vertx vertx;
  private final Sessions sessions;
  private final Map<Object, Entry> sockets = new HashMap<>();
  private MessageConsumer<JsonObject> consumer;

  public LiveSockets(Vertx vertx, Sessions sessions) {
    this.vertx = vertx;
    this.sessions = sessions;
  }

  public Future<Void> start() {
    consumer = vertx.eventBus().consumer(Addresses.SESSIONS_ENDED, m -> ended(m.body()));
    return consumer.completion();
  }

  /**
   * Lets a socket in on a token: when the token stands for a live session that {@code allowed} accepts, the socket is
   * registered (and {@code close} runs when that session ends) and the authenticated caller is returned; otherwise
   * the refused or anonymous caller, and nothing is registered. Never fails.
   */
  public Future<Caller> admit(Object socket, String token, Predicate<Caller.Authenticated> allowed, Runnable close) {
    return sessions.authenticate(token).map(caller -> {
      if (!(caller instanceof Caller.Authenticated a)) {
        return caller;
      }
      if (!allowed.test(a)) {
        return new Caller.Refused("not allowed");
      }
      register(socket, a.accountId(), a.sessionId(), a.expiresAt(), close);
      return a;
    });
  }

  /**
   * Like {@link #admit}, with an allowance the database must be asked for (a grant on an assessment): a failed
   * check is UNAVAILABLE when the database is unreachable or slow (never a refusal), INTERNAL otherwise.
   */
  public Future<Caller> admitWhen(Object socket, String token,
      Function<Caller.Authenticated, Future<Boolean>> allowed, Runnable close) {
    return sessions.authenticate(token).compose(caller -> {
      if (!(caller instanceof Caller.Authenticated a)) {
        return Future.succeededFuture(caller);
      }
      return allowed.apply(a).timeout(Sessions.CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).transform(ar -> {
        if (ar.failed()) {
          if (Outages.isOutage(ar.cause())) {
            return Future.succeededFuture(Caller.UNAVAILABLE);
          }
          LOG.error("could not check a socket's allowance", ar.cause());
          return Future.succeededFuture(Caller.FAILED);
        }
        if (!ar.result()) {
          return Future.succeededFuture(new Caller.Refused("not allowed"));
        }
        register(socket, a.accountId(), a.sessionId(), a.expiresAt(), close);
        return Future.succeededFuture(a);
      });
    });
  }

  private void register(Object socket, UUID accountId, UUID sessionId, Instant expiresAt, Runnable close) {
    long delay = Math.max(1, expiresAt.toEpochMilli() - System.currentTimeMillis());
    long timer = vertx.setTimer(delay, id -> {
      LOG.debug("closing a socket of account {}: its session expired", accountId);
      closeAndForget(socket);
    });
    Entry previous = sockets.put(socket, new Entry(accountId, sessionId, timer, close));
    if (previous != null) {
      vertx.cancelTimer(previous.timer());
    } else {
      OPEN.incrementAndGet();
    }
  }

  public void unregister(Object socket) {
    Entry e = sockets.remove(socket);
    if (e != null) {
      OPEN.decrementAndGet();
      vertx.cancelTimer(e.timer());
    }
  }

  private void ended(JsonObject body) {
    UUID account = UUID.fromString(body.getString("accountId"));
    String except = body.getString("except");
    String only = body.getString("session");
    for (Map.Entry<Object, Entry> e : new ArrayList<>(sockets.entrySet())) {
      Entry entry = e.getValue();
      String session = entry.sessionId().toString();
      if (entry.accountId().equals(account) && (except == null || !session.equals(except))
          && (only == null || session.equals(only))) {
        closeAndForget(e.getKey());
      }
    }
  }

  private void closeAndForget(Object socket) {
    Entry e = sockets.remove(socket);
    if (e != null) {
      OPEN.decrementAndGet();
      vertx.cancelTimer(e.timer());
      e.close().run();
    }
  }
}
