package io.bastion.user.outbox;

import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicLong;

/** Counters of the outbox relays of this JVM, shown on /health: what was sent, stored, duplicated and retried. */
public final class RelayMetrics {

  static final AtomicLong CLAIMED = new AtomicLong();
  static final AtomicLong HANDED_OFF = new AtomicLong();
  static final AtomicLong STORED = new AtomicLong();
  static final AtomicLong DUPLICATES = new AtomicLong();
  static final AtomicLong RETRIED = new AtomicLong();
  static final AtomicLong TIMEOUTS = new AtomicLong();
  static final AtomicLong NO_HANDLERS = new AtomicLong();
  static final AtomicLong REFUSED = new AtomicLong();

  private RelayMetrics() {
  }

  public static JsonObject snapshot() {
    return new JsonObject()
        .put("handedOff", HANDED_OFF.get())
        .put("claimed", CLAIMED.get())
        .put("stored", STORED.get())
        .put("duplicates", DUPLICATES.get())
        .put("retried", RETRIED.get())
        .put("timeouts", TIMEOUTS.get())
        .put("noSecurityNode", NO_HANDLERS.get())
        .put("refused", REFUSED.get());
  }
}
