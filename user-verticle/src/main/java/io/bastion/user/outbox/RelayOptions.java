package io.bastion.user.outbox;

import io.bastion.node.Settings;

/**
 * @param requestTimeoutMs    how long to wait for a security node's report before trying again
 * @param leaseSeconds        how long a claimed row stays with this node; longer than a request and its store
 * @param deadLetterAttempts  {@code relay.dead-letter.attempts}: error replies after which an event is given up
 *                            (moved to dead_letters)
 * @param deadLetterAfterMs   {@code relay.dead-letter.after.ms}: how long after its first error reply an event that
 *                            still gets errors is given up. Timeouts and "no security node" never count: a mesh
 *                            without security nodes for a while must not give up its events.
 * @param deadLetterTimeouts  {@code relay.dead-letter.timeouts}: sends that timed out while a security node was
 *                            registered after which an event is given up (its scoring hangs or kills the node); a
 *                            separate, larger limit, as a timeout may also be a slow or paused node. "No security
 *                            node" never counts.
 */
public record RelayOptions(
    int batchSize,
    int maxInFlight,
    long requestTimeoutMs,
    double leaseSeconds,
    long pollMs,
    long baseBackoffMs,
    long maxBackoffMs,
    int deadLetterAttempts,
    long deadLetterAfterMs,
    int deadLetterTimeouts) {

  /** Options that never give an event up (tests of the relay's other duties). */
  public RelayOptions(int batchSize, int maxInFlight, long requestTimeoutMs, double leaseSeconds, long pollMs,
      long baseBackoffMs, long maxBackoffMs) {
    this(batchSize, maxInFlight, requestTimeoutMs, leaseSeconds, pollMs, baseBackoffMs, maxBackoffMs,
        Integer.MAX_VALUE, Long.MAX_VALUE, Integer.MAX_VALUE);
  }

  /** Options whose timeouts never give an event up. */
  public RelayOptions(int batchSize, int maxInFlight, long requestTimeoutMs, double leaseSeconds, long pollMs,
      long baseBackoffMs, long maxBackoffMs, int deadLetterAttempts, long deadLetterAfterMs) {
    this(batchSize, maxInFlight, requestTimeoutMs, leaseSeconds, pollMs, baseBackoffMs, maxBackoffMs,
        deadLetterAttempts, deadLetterAfterMs, Integer.MAX_VALUE);
  }

  /** From settings {@code relay.*}; the lease follows from the timeout. */
  public static RelayOptions from(Settings s) {
    long timeout = s.longValue("relay.timeout.ms", 1, 3_600_000);
    return new RelayOptions(
        s.integer("relay.batch", 1, 100_000),
        s.integer("relay.max-in-flight", 1, 1_000_000),
        timeout,
        (timeout * 2 + 5_000) / 1000.0,
        s.longValue("relay.poll.ms", 1, 3_600_000),
        s.longValue("relay.backoff.base.ms", 1, 3_600_000),
        s.longValue("relay.backoff.max.ms", 1, 3_600_000),
        s.integer("relay.dead-letter.attempts", 1, 1_000_000),
        s.longValue("relay.dead-letter.after.ms", 1, 30L * 24 * 3_600_000),
        s.integer("relay.dead-letter.timeouts", 1, 1_000_000));
  }
}
