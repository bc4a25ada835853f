package io.bastion.user.outbox;

import io.vertx.sqlclient.Row;

/**
 * How the answer transaction hands its freshly committed outbox row to this node's relay: the row is written
 * already leased to this node when the relay has room, so it goes out at once without a claim round trip, and a
 * node that dies before sending only delays it until the lease ends.
 */
public interface OutboxHandoff {

  boolean hasRoom();

  double leaseSeconds();

  /** Sends the row returned by the answer statement (the outbox columns plus the previous report's answers). */
  void send(Row row);
}
