package io.bastion.user.web;

import io.bastion.user.auth.AccessWatch;
import io.bastion.user.auth.Caller;
import io.bastion.user.organisation.AssessmentAccess;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Which assessment feeds each bridge socket registered: each registration is watched for loss of access (the socket
 * is then closed with 4403 "access ended", the page drops the assessment; or with 4503 when access could not be
 * checked again, and the page connects again) and counts as presence. Used from the verticle's event loop.
 */
final class BridgeFeeds {

  /** SockJS close code (and reason) of a socket whose account lost access to an assessment it was viewing. */
  static final int ACCESS_ENDED_CLOSE = 4403;
  static final String ACCESS_ENDED = "access ended";
  /** The reason of the 4503 close when a re-check of access kept failing. */
  static final String ACCESS_UNCHECKED = "access could not be checked";

  private final AccessWatch watch;
  private final Presence presence;
  private final Map<SockJSSocket, Map<UUID, AccessWatch.Handle>> sockets = new HashMap<>();

  BridgeFeeds(AccessWatch watch, Presence presence) {
    this.watch = watch;
    this.presence = presence;
  }

  void opened(SockJSSocket socket) {
    sockets.put(socket, new HashMap<>());
  }

  /**
   * Only while the socket is open: one that closed while its register was being checked is not remembered.
   * {@code seen}: {@link AccessWatch#changes()} before the grant was asked for.
   */
  void registered(SockJSSocket socket, Caller.Authenticated caller, AssessmentAccess.Grant grant, long seen) {
    Map<UUID, AccessWatch.Handle> feeds = sockets.get(socket);
    if (feeds == null) {
      return;
    }
    UUID assessment = grant.assessmentId();
    AccessWatch.Handle handle = watch.watch(caller.accountId(), grant, seen, why -> accessEnded(socket, why));
    AccessWatch.Handle previous = feeds.put(assessment, handle);
    if (previous != null) {
      previous.cancel();
    }
    presence.join(assessment, socket, new Presence.Viewer(caller.accountId(), caller.account().email()));
  }

  void unregistered(SockJSSocket socket, UUID assessment) {
    Map<UUID, AccessWatch.Handle> feeds = sockets.get(socket);
    AccessWatch.Handle handle = feeds == null ? null : feeds.remove(assessment);
    if (handle != null) {
      handle.cancel();
      presence.leave(assessment, socket);
    }
  }

  void closed(SockJSSocket socket) {
    Map<UUID, AccessWatch.Handle> feeds = sockets.remove(socket);
    if (feeds != null) {
      feeds.forEach((assessment, handle) -> {
        handle.cancel();
        presence.leave(assessment, socket);
      });
    }
  }

  /** One lost grant ends the whole socket: the page reconnects and registers what it may still see. */
  private void accessEnded(SockJSSocket socket, AccessWatch.End why) {
    closed(socket);
    if (why == AccessWatch.End.LOST) {
      socket.close(ACCESS_ENDED_CLOSE, ACCESS_ENDED);
    } else {
      socket.close(BridgeGuard.UNAVAILABLE_CLOSE, ACCESS_UNCHECKED);
    }
  }
}
