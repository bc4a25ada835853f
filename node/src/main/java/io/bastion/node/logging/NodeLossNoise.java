package io.bastion.node.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * What a node's death (or pause) makes Vert.x's clustered event bus log on the nodes that survive it, in one line
 * each instead of a stack trace (named in conf/logback.xml as a turbo filter, so it sees every event first):
 * <ul>
 *   <li>each failed connection to the dead node's event bus port ({@code ClusteredEventBus}: "Connecting to server
 *       ... failed" with a connect exception, or with "Not a member of the cluster" when a send raced
 *       the member's removal): one line naming the node and the cause, at the event's level;</li>
 *   <li>the {@code IllegalStateException: Promise already completed} that Vert.x 5's {@code OutboundConnection}
 *       throws when the connection to the dead node closes under a message being written: its
 *       {@code writeMessage(...).onComplete(writePromise)} completes a write promise that closing the connection
 *       already failed (the sender has its failure; the second completion changes nothing). It reaches the
 *       context's "Unhandled exception" log; here it is one DEBUG line. Only when a frame of the stack is
 *       {@code OutboundConnection}'s: the same message from anywhere else is a bug and keeps its stack trace;</li>
 *   <li>Hazelcast's "Connection[...] closed. Reason: Exception in ..." with the dead member's connection reset: one
 *       line at the level Hazelcast logged it.</li>
 * </ul>
 * Everything else passes untouched. The class uses no Vert.x type: the cli jar (no Vert.x) reads the same logback.xml.
 */
public final class NodeLossNoise extends TurboFilter {

  static final String EVENT_BUS = "io.vertx.core.eventbus.impl.clustered.ClusteredEventBus";
  static final String CONTEXT = "io.vertx.core.impl.ContextImpl";
  static final String HAZELCAST_CONNECTION = "com.hazelcast.internal.server.tcp.TcpServerConnection";
  /** Where the one-line replacements are logged. */
  static final String PEERS = "io.bastion.node.EventBusPeers";
  static final String CLUSTER_PEERS = "io.bastion.node.ClusterPeers";
  /** The one class whose double completion is known harmless (a prefix: its lambdas are inner classes). */
  static final String OUTBOUND_CONNECTION = "io.vertx.core.eventbus.impl.clustered.OutboundConnection";

  /**
   * What vertx-hazelcast's {@code getNodeInfo} fails with when a send picks a node whose member Hazelcast removed a
   * moment before (its subscriptions are dropped just after): the same node loss, seen from the other side.
   */
  static final String NOT_A_MEMBER = "Not a member of the cluster";

  private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(PEERS);

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (t == null || logger == null) {
      return FilterReply.NEUTRAL;
    }
    String name = logger.getName();
    if (EVENT_BUS.equals(name) && format != null && format.startsWith("Connecting to server")
        && isConnectionFailure(t)) {
      String node = format.substring("Connecting to server".length()).replace(" failed", "").trim();
      LOG.atLevel(slf4j(level)).log("event bus: cannot connect to node {}: {}", node,
          t.getMessage() == null ? t : t.getMessage());
      return FilterReply.DENY;
    }
    if (HAZELCAST_CONNECTION.equals(name) && t instanceof java.io.IOException) {
      // "Connection[...] closed. Reason: Exception in Connection[...]" with the reset of a member that died.
      // At the level Hazelcast chose: only the stack trace goes.
      LoggerFactory.getLogger(CLUSTER_PEERS).atLevel(slf4j(level)).log("hazelcast: {} ({})", format, t.toString());
      return FilterReply.DENY;
    }
    if (CONTEXT.equals(name) && isDoubleWriteCompletion(t)) {
      LOG.debug("event bus: a write to a node whose connection closed was completed twice by Vert.x; ignored");
      return FilterReply.DENY;
    }
    return FilterReply.NEUTRAL;
  }

  static boolean isDoubleWriteCompletion(Throwable t) {
    if (!(t instanceof IllegalStateException) || !"Promise already completed".equals(t.getMessage())) {
      return false;
    }
    for (StackTraceElement frame : t.getStackTrace()) {
      if (frame.getClassName().startsWith(OUTBOUND_CONNECTION)) {
        return true;
      }
    }
    return false;
  }

  /** The same level for the one-line replacement (a turbo filter sees logback's level; SLF4J's API takes its own). */
  static org.slf4j.event.Level slf4j(Level level) {
    if (level == null) {
      return org.slf4j.event.Level.WARN;
    }
    return switch (level.toInt()) {
      case Level.ERROR_INT -> org.slf4j.event.Level.ERROR;
      case Level.WARN_INT -> org.slf4j.event.Level.WARN;
      case Level.INFO_INT -> org.slf4j.event.Level.INFO;
      case Level.DEBUG_INT -> org.slf4j.event.Level.DEBUG;
      default -> org.slf4j.event.Level.TRACE;
    };
  }

  static boolean isConnectionFailure(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof java.net.ConnectException || c instanceof java.net.NoRouteToHostException
          || c instanceof java.net.SocketTimeoutException || c instanceof java.nio.channels.ClosedChannelException
          || c.getClass().getName().equals("io.netty.channel.ConnectTimeoutException")
          || NOT_A_MEMBER.equals(c.getMessage())) {
        return true;
      }
    }
    return false;
  }
}
