package io.bastion.node.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.ConnectException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The events Vert.x logs on the survivors of a node's death, as logback receives them (same logger names, messages
 * and exception types; the exception's stack names Vert.x's clustered event bus classes), through the filter
 * conf/logback.xml installs: one line each, no stack trace, no "Promise already completed"; anything else untouched.
 */
class NodeLossNoiseTest {

  private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
  private final ListAppender<ILoggingEvent> events = new ListAppender<>();
  private final NodeLossNoise filter = new NodeLossNoise();

  @BeforeEach
  void install() {
    filter.start();
    context.addTurboFilter(filter);
    events.start();
    context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(events);
    context.getLogger(NodeLossNoise.PEERS).setLevel(ch.qos.logback.classic.Level.DEBUG);
  }

  @AfterEach
  void remove() {
    context.getTurboFilterList().remove(filter);
    context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(events);
  }

  @Test
  void aFailedReconnectIsOneWarningLineNamingTheNodeAndTheCause() {
    ConnectException refused = new ConnectException("Connection refused: /127.0.0.1:34733");
    LoggerFactory.getLogger(NodeLossNoise.EVENT_BUS)
        .warn("Connecting to server 744b877b-bc19-443a-9e7a-16a34f92f45f failed", refused);
    assertThat(events.list).hasSize(1);
    ILoggingEvent line = events.list.get(0);
    assertThat(line.getLoggerName()).isEqualTo(NodeLossNoise.PEERS);
    assertThat(line.getLevel()).isEqualTo(ch.qos.logback.classic.Level.WARN);
    assertThat(line.getFormattedMessage())
        .isEqualTo("event bus: cannot connect to node 744b877b-bc19-443a-9e7a-16a34f92f45f: "
            + "Connection refused: /127.0.0.1:34733");
    assertThat(line.getThrowableProxy()).as("no stack trace").isNull();
  }

  @Test
  void aSendThatRacedTheMembersRemovalIsOneLineToo() {
    // What FaultsIT saw once on a survivor, 70 ms after Hazelcast removed the killed member.
    LoggerFactory.getLogger(NodeLossNoise.EVENT_BUS).warn("Connecting to server c5e2d69d-ebc9-46d8-9855-ca0d20a47374"
        + " failed", new io.vertx.core.VertxException("Not a member of the cluster", true));
    assertThat(events.list).singleElement().satisfies(line -> {
      assertThat(line.getFormattedMessage()).isEqualTo("event bus: cannot connect to node "
          + "c5e2d69d-ebc9-46d8-9855-ca0d20a47374: Not a member of the cluster");
      assertThat(line.getThrowableProxy()).isNull();
    });
  }

  @Test
  void theOutboundConnectionsDoubleCompletionIsNotAnError() {
    IllegalStateException twice = new IllegalStateException("Promise already completed");
    twice.setStackTrace(new StackTraceElement[] {
        new StackTraceElement("io.vertx.core.Promise", "fail", "Promise.java", 104),
        new StackTraceElement("io.vertx.core.eventbus.impl.clustered.OutboundConnection", "writeMessage",
            "OutboundConnection.java", 86)});
    LoggerFactory.getLogger(NodeLossNoise.CONTEXT).error("Unhandled exception", twice);
    assertThat(events.list).noneMatch(e -> e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.WARN));
    assertThat(events.list).noneMatch(e -> e.getThrowableProxy() != null
        || e.getFormattedMessage().contains("Promise already completed"));
  }

  @Test
  void aDeadMembersResetHazelcastConnectionIsOneLine() {
    LoggerFactory.getLogger(NodeLossNoise.HAZELCAST_CONNECTION).warn("Connection[id=6, endpoint=[127.0.0.1]:26302] "
        + "closed. Reason: Exception in Connection[id=6]", new java.net.SocketException("Connection reset"));
    assertThat(events.list).hasSize(1);
    assertThat(events.list.get(0).getFormattedMessage()).contains("closed. Reason").contains("Connection reset");
    assertThat(events.list.get(0).getThrowableProxy()).isNull();
  }

  @Test
  void otherFailuresKeepTheirStackTrace() {
    LoggerFactory.getLogger(NodeLossNoise.CONTEXT).error("Unhandled exception", new IllegalStateException("a bug"));
    LoggerFactory.getLogger(NodeLossNoise.EVENT_BUS).warn("Connecting to server x failed",
        new IllegalArgumentException("not a connection failure"));
    List<ILoggingEvent> kept = events.list;
    assertThat(kept).hasSize(2).allMatch(e -> e.getThrowableProxy() != null);
  }

  @Test
  void aHazelcastConnectionClosedBelowWarnStaysAtItsLevel() {
    LoggerFactory.getLogger(NodeLossNoise.HAZELCAST_CONNECTION).info("Connection[id=7, endpoint=[127.0.0.1]:26302] "
        + "closed. Reason: Exception in Connection[id=7]", new java.io.IOException("Broken pipe"));
    LoggerFactory.getLogger(NodeLossNoise.HAZELCAST_CONNECTION).debug("Connection[id=8] closed. Reason: Exception",
        new java.io.EOFException("end of stream"));
    assertThat(events.list).noneMatch(e -> e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.WARN))
        .noneMatch(e -> e.getThrowableProxy() != null);
    assertThat(events.list).filteredOn(e -> e.getFormattedMessage().contains("Broken pipe")).singleElement()
        .extracting(ILoggingEvent::getLevel).isEqualTo(ch.qos.logback.classic.Level.INFO);
  }

  @Test
  void promiseAlreadyCompletedOutsideTheOutboundConnectionKeepsItsStackTrace() {
    IllegalStateException twice = new IllegalStateException("Promise already completed");
    twice.setStackTrace(new StackTraceElement[] {
        new StackTraceElement("io.vertx.core.Promise", "complete", "Promise.java", 66),
        new StackTraceElement("io.vertx.core.eventbus.impl.clustered.ClusteredEventBus", "sendOrPub",
            "ClusteredEventBus.java", 250)});
    LoggerFactory.getLogger(NodeLossNoise.CONTEXT).error("Unhandled exception", twice);
    assertThat(events.list).singleElement().satisfies(e -> {
      assertThat(e.getLevel()).isEqualTo(ch.qos.logback.classic.Level.ERROR);
      assertThat(e.getThrowableProxy()).as("a bug elsewhere keeps its stack trace").isNotNull();
    });
  }
}
