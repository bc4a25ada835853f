package io.bastion.user.web;

import io.bastion.codecs.Addresses;
import io.bastion.user.auth.AccessWatch;
import io.bastion.user.auth.Caller;
import io.bastion.user.auth.LiveSockets;
import io.bastion.user.error.ApiException;
import io.bastion.user.organisation.AssessmentAccess;
import io.bastion.user.organisation.Role;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SockJS bridge's gatekeeper. Browsers may only listen: a REGISTER is allowed for {@code assessments.<id>} and
 * only when the socket's token (the {@code token} header of the register message, or the session cookie) stands for
 * an account with a VIEWER+ grant on that assessment (asked of the database on every register). Every SEND and
 * PUBLISH is refused. A register of a feed the account may not read (no such assessment, or not theirs: the same
 * answer) gets an error frame {@code {"type":"err","body":"NOT_FOUND"}} and the socket is closed with 4403, as when
 * access ends: the page leaves the assessment rather than thinking its session ended. When the session of a
 * registration expires or ends, the socket is closed, so a socket does not outlive its session; when its account
 * loses access (ACCESS_CHANGED, re-checked by {@link BridgeFeeds}) the socket is closed with 4403 "access ended".
 * Registrations count as presence ({@link Presence}).
 */
public final class BridgeGuard implements Handler<BridgeEvent> {

  private static final Logger LOG = LoggerFactory.getLogger(BridgeGuard.class);

  private final LiveSockets live;
  private final AssessmentAccess access;
  private final AccessWatch watch;
  private final BridgeFeeds feeds;

  public BridgeGuard(LiveSockets live, AssessmentAccess access, AccessWatch watch, Presence presence) {
    this.live = live;
    this.access = access;
    this.watch = watch;
    this.feeds = new BridgeFeeds(watch, presence);
  }

  @Override
  public void handle(BridgeEvent event) {
    BridgeEventType type = event.type();
    switch (type) {
      case REGISTER -> authorizeRegister(event);
      case SEND, PUBLISH -> {
        LOG.debug("refused inbound {} from {}", type, event.socket().remoteAddress());
        event.complete(false);
      }
      case SOCKET_CREATED -> {
        feeds.opened(event.socket());
        event.complete(true);
      }
      case UNREGISTER -> {
        Addresses.assessmentOfFeed(event.getRawMessage().getString("address"))
            .ifPresent(assessment -> feeds.unregistered(event.socket(), assessment));
        event.complete(true);
      }
      case SOCKET_CLOSED -> {
        live.unregister(event.socket());
        feeds.closed(event.socket());
        event.complete(true);
      }
      default -> event.complete(true);
    }
  }

  private void authorizeRegister(BridgeEvent event) {
    JsonObject raw = event.getRawMessage();
    Optional<UUID> assessment = Addresses.assessmentOfFeed(raw.getString("address"));
    if (assessment.isEmpty()) {
      event.complete(false);
      return;
    }
    JsonObject headers = raw.getJsonObject("headers");
    String token = headers == null ? null : headers.getString("token");
    if (token == null) {
      token = cookieToken(event.socket());
    }
    SockJSSocket socket = event.socket();
    AtomicReference<AssessmentAccess.Grant> grant = new AtomicReference<>();
    AtomicBoolean asked = new AtomicBoolean(); // the session was live and the grant was asked for
    long seen = watch.changes(); // before the grant is read: a change after it makes the watch check again
    live.admitWhen(socket, token, caller -> access.of(caller.accountId(), assessment.get()).map(g -> {
      asked.set(true);
      grant.set(g);
      return g != null && g.role().atLeast(Role.VIEWER);
    }), () -> socket.close(4401, "session ended")).onComplete(ar -> {
          if (ar.succeeded() && ar.result() instanceof Caller.Unavailable) {
            refuseUnavailable(event, raw.getString("address"));
            return;
          }
          if (ar.succeeded() && ar.result() instanceof Caller.Failed) {
            refuse(event, INTERNAL, ApiException.INTERNAL_MESSAGE, INTERNAL_CLOSE); // not "rejected": not logged out
            return;
          }
          boolean allowed = ar.succeeded() && ar.result() instanceof Caller.Authenticated;
          if (!allowed && asked.get()) {
            // A live session without a grant: not "rejected", which the page reads as "session ended".
            LOG.debug("register of {} from {}: no grant", raw.getString("address"), socket.remoteAddress());
            refuse(event, NOT_FOUND, ApiException.notFound("assessment", assessment.get()).getMessage(),
                BridgeFeeds.ACCESS_ENDED_CLOSE);
            return;
          }
          if (!allowed) {
            LOG.debug("refused register of {} from {}", raw.getString("address"), socket.remoteAddress());
          } else {
            feeds.registered(socket, (Caller.Authenticated) ar.result(), grant.get(), seen);
          }
          event.complete(allowed);
        });
  }

  /**
   * The token could not be checked (database unreachable): the page is told so with an error frame of its own,
   * {@code {"type":"err","body":"UNAVAILABLE"}}, and the socket is closed so that it connects again later; the
   * bridge's generic "rejected" (which the page reads as "session ended") then goes nowhere.
   */
  private static void refuseUnavailable(BridgeEvent event, String address) {
    LOG.debug("register of {} from {}: database unreachable", address, event.socket().remoteAddress());
    refuse(event, UNAVAILABLE, ApiException.UNAVAILABLE_MESSAGE, UNAVAILABLE_CLOSE);
  }

  /** An error frame of our own with {@code code} as its body, then the socket closed with {@code closeCode}. */
  private static void refuse(BridgeEvent event, String code, String message, int closeCode) {
    SockJSSocket socket = event.socket();
    socket.write(new JsonObject().put("type", "err").put("body", code).put("message", message).toBuffer())
        .onComplete(written -> {
          socket.close(closeCode, message);
          event.complete(false);
        });
  }

  /** The body of the error frame a register of a feed the account may not read gets (then a 4403 close). */
  public static final String NOT_FOUND = "NOT_FOUND";
  /** The body of the error frame a register gets when the database is unreachable. */
  public static final String UNAVAILABLE = "UNAVAILABLE";
  /** The SockJS close code that goes with it. */
  static final int UNAVAILABLE_CLOSE = 4503;
  /** The body of the error frame a register gets when checking its session failed on our side (a bug). */
  public static final String INTERNAL = "INTERNAL";
  static final int INTERNAL_CLOSE = 4500;

  /**
   * The session cookie of the request that opened the socket. SockJS hides cookies from {@code socket.headers()},
   * so {@link WebServer} keeps the token (same-origin requests only) in the routing context.
   */
  static String cookieToken(SockJSSocket socket) {
    RoutingContext rc = socket.routingContext();
    return rc == null ? null : rc.get(COOKIE_TOKEN);
  }

  /** Routing-context key of the session cookie's token on /eventbus requests. */
  static final String COOKIE_TOKEN = "bastion.bridge.cookie";
}
