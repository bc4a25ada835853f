package io.bastion.user.web;

import io.bastion.codecs.Addresses;
import io.bastion.user.auth.Caller;
import io.bastion.user.auth.LiveSockets;
import io.bastion.user.error.ApiException;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SockJS bridge's gatekeeper. Browsers may only listen: a REGISTER is allowed for {@code reports.<accountId>}
 * and only when the socket's token (the {@code token} header of the register message, or the session cookie)
 * belongs to that account. Every SEND and PUBLISH is refused. When the session of a registration expires or ends,
 * the socket is closed, so a socket does not outlive its session.
 */
public final class BridgeGuard implements Handler<BridgeEvent> {

  private static final Logger LOG = LoggerFactory.getLogger(BridgeGuard.class);

  private final LiveSockets live;

  public BridgeGuard(LiveSockets live) {
    this.live = live;
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
      case SOCKET_CLOSED -> {
        live.unregister(event.socket());
        event.complete(true);
      }
      default -> event.complete(true);
    }
  }

  private void authorizeRegister(BridgeEvent event) {
    JsonObject raw = event.getRawMessage();
    Optional<UUID> owner = Addresses.accountOfReports(raw.getString("address"));
    if (owner.isEmpty()) {
      event.complete(false);
      return;
    }
    JsonObject headers = raw.getJsonObject("headers");
    String token = headers == null ? null : headers.getString("token");
    if (token == null) {
      token = cookieToken(event.socket());
    }
    SockJSSocket socket = event.socket();
    live.admit(socket, token, caller -> caller.accountId().equals(owner.get()),
        () -> socket.close(4401, "session ended")).onComplete(ar -> {
          if (ar.succeeded() && ar.result() instanceof Caller.Unavailable) {
            refuseUnavailable(event, raw.getString("address"));
            return;
          }
          if (ar.succeeded() && ar.result() instanceof Caller.Failed) {
            refuse(event, INTERNAL, ApiException.INTERNAL_MESSAGE, INTERNAL_CLOSE); // not "rejected": not logged out
            return;
          }
          boolean allowed = ar.succeeded() && ar.result() instanceof Caller.Authenticated;
          if (!allowed) {
            LOG.debug("refused register of {} from {}", raw.getString("address"), socket.remoteAddress());
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
