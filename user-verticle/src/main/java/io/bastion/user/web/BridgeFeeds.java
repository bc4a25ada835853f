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
 * is then closed with 4403 "access ended", the page drops the assessment) and counts as presence. Used from the
 * verticle's event loop.
 */
final class BridgeFeeds {

  /** SockJS close code (and reason) of a socket whose account lost access to an assessment it was viewing. */
  static final int ACCESS_ENDED_CLOSE = 4403;
  static final String ACCESS_ENDED = "access ended";

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

  /** Only while the socket is open: one that closed while its register was being checked is not remembered. */
  void registered(SockJSSocket socket, Caller.Authenticated caller, AssessmentAccess.Grant grant) {
    Map<UUID, AccessWatch.Handle> feeds = sockets.get(socket);
    if (feeds == null) {
      return;
    }
    UUID assessment = grant.assessmentId();
    AccessWatch.Handle handle = watch.watch(caller.accountId(), grant, () -> accessEnded(socket));
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
  private void accessEnded(SockJSSocket socket) {
    closed(socket);
    socket.close(ACCESS_ENDED_CLOSE, ACCESS_ENDED);
  }
}
