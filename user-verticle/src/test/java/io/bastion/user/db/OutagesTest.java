package io.bastion.user.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.net.SocketException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** What counts as a database outage (UNAVAILABLE) and what stays a failure of the request (INTERNAL). */
class OutagesTest {

  @Test
  void noConnectionALostConnectionOrAServerShuttingDownIsAnOutage() {
    assertThat(Outages.isOutage(new ConnectException("Connection refused"))).isTrue();
    assertThat(Outages.isOutage(ClosedConnectionException.INSTANCE)).isTrue();
    assertThat(Outages.isOutage(new CompletionException(new SocketException("Connection reset")))).isTrue();
    assertThat(Outages.isOutage(new PgException("terminating connection due to administrator command", "FATAL",
        "57P01", null))).isTrue();
    assertThat(Outages.isOutage(new PgException("the database system is starting up", "FATAL", "57P03", null)))
        .isTrue();
  }

  @Test
  void aDatabaseThatDoesNotAnswerInTimeIsAnOutage() {
    assertThat(Outages.isOutage(new io.vertx.core.impl.NoStackTraceTimeoutException("Timeout 3000 (ms) fired")))
        .as("Future.timeout").isTrue();
    assertThat(Outages.isOutage(new io.vertx.core.VertxException("Timeout waiting for connection", true)))
        .as("the pool's connection timeout").isTrue();
    assertThat(Outages.isOutage(new io.vertx.core.VertxException("something else", true))).isFalse();
  }

  @Test
  void aStatementThatFailsIsNot() {
    assertThat(Outages.isOutage(new PgException("duplicate key", "ERROR", "23505", null))).isFalse();
    assertThat(Outages.isOutage(new PgException("deadlock detected", "ERROR", "40P01", null))).isFalse();
    assertThat(Outages.isOutage(new IllegalStateException("a bug"))).isFalse();
    assertThat(Outages.isOutage(new java.io.IOException("a file"))).isFalse();
  }
}
