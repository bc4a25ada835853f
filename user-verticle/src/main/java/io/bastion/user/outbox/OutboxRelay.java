package io.bastion.user.outbox;

import io.bastion.codecs.Addresses;
import io.bastion.codecs.AnswerEntry;
import io.bastion.codecs.AnswerEvent;
import io.bastion.codecs.AnswerState;
import io.bastion.codecs.Baseline;
import io.bastion.codecs.Basis;
import io.bastion.codecs.ReportEvent;
import io.bastion.user.db.Sql;
import io.bastion.user.metrics.UserMeters;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlResult;
import io.vertx.sqlclient.templates.SqlTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries outbox rows to the security nodes until each is answered by a kept report: it sends the row's
 * AnswerEvent and hands the ReportEvent that comes back to its {@link ReportHandler} (the report sink, wired by the
 * user verticle). The node that commits an answer sends its event at once (the row is leased to it in the same
 * transaction, see {@link OutboxHandoff}); every other row (a retry, a lease that ran out because its node died, an
 * answer committed while this node had no room) is claimed with {@code FOR UPDATE SKIP LOCKED} and a lease, so any
 * number of user nodes share the work. Claims are woken by LISTEN/NOTIFY and by a polling timer in case a
 * notification is missed. Each event is sent with a short timeout; a failure (of the request or of the handler)
 * puts the row back with an exponential backoff. An event that security nodes keep refusing (an error reply, not a
 * timeout) {@code relay.dead-letter.attempts} times, or for longer than {@code relay.dead-letter.after.ms}, or
 * whose sends time out {@code relay.dead-letter.timeouts} times while a security node is registered (its scoring
 * hangs or kills the node; "no security node" never counts), is moved to dead_letters (see {@link DeadLetters}) and no longer sent; other rows are not held up meanwhile. Runs
 * on its verticle's event loop: no locking is needed for its counters.
 */
public final class OutboxRelay implements OutboxHandoff {

  private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
  /** How often the dead-letter gauge is refreshed (also right after this node moves one). */
  private static final long DEAD_LETTER_COUNT_MS = 5_000;

  private final Vertx vertx;
  private final PgConnectOptions connectOptions;
  private final ReportHandler reports;
  private final RelayOptions options;
  private final DeliveryOptions delivery;
  private final SqlTemplate<Map<String, Object>, RowSet<Row>> claim;
  private final SqlTemplate<Map<String, Object>, SqlResult<Void>> retryLater;
  private final SqlTemplate<Map<String, Object>, RowSet<Row>> recordFailure;
  private final SqlTemplate<Map<String, Object>, RowSet<Row>> recordTimeout;
  private final SqlTemplate<Map<String, Object>, RowSet<Row>> deadLetter;
  private final Pool pool;

  private PgSubscriber subscriber;
  private long pollTimer = -1;
  private long countTimer = -1;
  private boolean stopped;
  private boolean claiming;
  private boolean again;
  private int inFlight;

  /**
   * @param connectOptions for the LISTEN connection
   * @param reports        keeps each report; the row is done when it has
   */
  public OutboxRelay(Vertx vertx, Pool pool, PgConnectOptions connectOptions, ReportHandler reports,
      RelayOptions options) {
    this.vertx = vertx;
    this.connectOptions = connectOptions;
    this.reports = reports;
    this.options = options;
    this.delivery = new DeliveryOptions().setSendTimeout(options.requestTimeoutMs());
    this.claim = SqlTemplate.forQuery(pool, Sql.CLAIM_OUTBOX);
    this.retryLater = SqlTemplate.forUpdate(pool, Sql.RETRY_LATER);
    this.recordFailure = SqlTemplate.forQuery(pool, Sql.RECORD_FAILURE);
    this.recordTimeout = SqlTemplate.forQuery(pool, Sql.RECORD_TIMEOUT);
    this.deadLetter = SqlTemplate.forQuery(pool, Sql.DEAD_LETTER);
    this.pool = pool;
  }

  public Future<Void> start() {
    subscriber = PgSubscriber.subscriber(vertx, connectOptions)
        .reconnectPolicy(retries -> Math.min(5_000L, 200L * (retries + 1)));
    subscriber.channel(Sql.OUTBOX_CHANNEL).handler(payload -> wake());
    // The poll covers notifications lost while the LISTEN connection was down, and due retries.
    pollTimer = vertx.setPeriodic(options.pollMs(), id -> wake());
    countTimer = vertx.setPeriodic(DEAD_LETTER_COUNT_MS, id -> countDeadLetters());
    countDeadLetters();
    return subscriber.connect().onSuccess(v -> wake());
  }

  public Future<Void> stop() {
    stopped = true;
    vertx.cancelTimer(pollTimer);
    vertx.cancelTimer(countTimer);
    return subscriber == null ? Future.succeededFuture() : subscriber.close();
  }

  @Override
  public boolean hasRoom() {
    return !stopped && inFlight < options.maxInFlight();
  }

  @Override
  public double leaseSeconds() {
    return options.leaseSeconds();
  }

  /** An outbox row this node just committed, leased to it: sent at once, without a claim. */
  @Override
  public void send(Row row) {
    RelayMetrics.HANDED_OFF.incrementAndGet();
    dispatch(row);
  }

  /** Claims what is due, unless a claim is already running (then it runs once more when that one ends). */
  void wake() {
    if (stopped) {
      return;
    }
    int room = options.maxInFlight() - inFlight;
    if (claiming || room <= 0) {
      again = true;
      return;
    }
    claiming = true;
    again = false;
    int limit = Math.min(options.batchSize(), room);
    claim.execute(Map.of("limit", limit, "leaseSeconds", options.leaseSeconds()))
        .onComplete(ar -> {
          claiming = false;
          if (ar.failed()) {
            LOG.warn("outbox claim failed: {}", ar.cause().toString());
            return; // the poll tries again
          }
          RowSet<Row> rows = ar.result();
          RelayMetrics.CLAIMED.addAndGet(rows.size());
          for (Row row : rows) {
            dispatch(row);
          }
          if (rows.size() == limit || again) {
            wake();
          }
        });
  }

  private void dispatch(Row row) {
    inFlight++;
    long id = row.getLong("id");
    int attempts = row.getInteger("attempts");
    // A row this node just committed has never been replayed (the answer statement does not return the column).
    boolean replayed = row.getColumnIndex("replays") >= 0 && row.getInteger("replays") > 0;
    AnswerEvent event;
    String basis;
    try {
      event = toEvent(row);
      basis = Basis.encode(event.answers());
    } catch (RuntimeException e) {
      LOG.error("outbox row {} cannot be turned into an AnswerEvent", id, e);
      finished(id, attempts, new PoisonRow(e));
      return;
    }
    vertx.eventBus().<ReportEvent>request(Addresses.ANSWERS, event, delivery)
        .compose((Message<ReportEvent> reply) -> reports.handle(reply.body(), basis))
        .onComplete(ar -> {
          if (ar.succeeded()) {
            (ar.result() ? RelayMetrics.STORED : RelayMetrics.DUPLICATES).incrementAndGet();
            // A replayed dead letter was queued hours ago: its wait is the operator's, not the mesh's latency.
            if (ar.result() && !replayed) {
              UserMeters.reportStored(row.getOffsetDateTime("queued_at").toInstant());
            }
            if (replayed && ar.result()) {
              DeadLetterMeters.REPLAYED.increment();
            }
            finished(id, attempts, null);
          } else {
            finished(id, attempts, ar.cause());
          }
        });
  }

  private void finished(long id, int attempts, Throwable failure) {
    inFlight--;
    if (failure != null) {
      retryLater(id, attempts, failure);
    }
    if (again) {
      wake();
    }
  }

  private void retryLater(long id, int attempts, Throwable failure) {
    RelayMetrics.RETRIED.incrementAndGet();
    boolean refused = false;
    boolean timedOut = false;
    if (failure instanceof ReplyException re) {
      switch (re.failureType()) {
        case TIMEOUT -> {
          // A handler was registered (else NO_HANDLERS) and did not answer in time: the event may hang or kill it.
          RelayMetrics.TIMEOUTS.incrementAndGet();
          timedOut = true;
        }
        case NO_HANDLERS -> RelayMetrics.NO_HANDLERS.incrementAndGet();
        default -> {
          RelayMetrics.REFUSED.incrementAndGet();
          refused = true;
          LOG.warn("outbox row {} refused by a security node: {}", id, re.getMessage());
        }
      }
    } else if (failure instanceof PoisonRow) {
      refused = true;
    } else {
      LOG.warn("outbox row {} failed: {}", id, failure.toString());
    }
    long delay = backoffMs(attempts);
    Map<String, Object> params = Map.of("id", id, "delaySeconds", delay / 1000.0, "error", describe(failure));
    if (timedOut) {
      // Counted against its own, larger limit (relay.dead-letter.timeouts): a slow node times out too.
      moveIfGivenUp(id, failure, delay, recordTimeout.execute(params)
          .map(rows -> rows.size() > 0 && rows.iterator().next().getInteger("timeouts")
              >= options.deadLetterTimeouts()));
      return;
    }
    if (!refused) {
      // No security node, or our own database: nothing says the event itself is at fault.
      retryLater.execute(params).onComplete(ar -> vertx.setTimer(delay, t -> wake()));
      return;
    }
    moveIfGivenUp(id, failure, delay, recordFailure.execute(params)
        .map(rows -> rows.size() > 0 && givenUp(rows.iterator().next())));
  }

  /** Moves the row to dead letters when {@code givenUp} says so; then wakes the claims after {@code delay}. */
  private void moveIfGivenUp(long id, Throwable failure, long delay, Future<Boolean> givenUp) {
    givenUp
        .compose(up -> !up ? Future.succeededFuture(false)
            : deadLetter.execute(Map.of("id", id)).map(moved -> moved.size() > 0))
        .onComplete(ar -> {
          if (ar.failed()) {
            LOG.warn("outbox row {}: recording its failure failed: {}", id, ar.cause().toString());
          } else if (ar.result()) {
            DeadLetterMeters.MOVED.increment();
            LOG.warn("outbox row {} moved to dead letters (last error: {}); ./bastion replay puts it back", id,
                describe(failure));
            countDeadLetters();
          }
          vertx.setTimer(delay, t -> wake());
        });
  }

  /** Refused too often, or for too long: the event is given up. */
  private boolean givenUp(Row failures) {
    return failures.getInteger("failures") >= options.deadLetterAttempts()
        || failures.getLong("failing_ms") >= options.deadLetterAfterMs();
  }

  private void countDeadLetters() {
    pool.query(Sql.COUNT_DEAD_LETTERS).execute()
        .onSuccess(rows -> DeadLetterMeters.count(rows.iterator().next().getLong("n")))
        .onFailure(e -> LOG.debug("dead letters not counted: {}", e.toString()));
  }

  private static String describe(Throwable failure) {
    Throwable shown = failure instanceof PoisonRow p ? p.getCause() : failure;
    if (shown instanceof ReplyException re && re.failureType() == ReplyFailure.TIMEOUT) {
      return truncate("timed out: no reply from a security node (" + re.getMessage() + ")");
    }
    String prefix = shown instanceof ReplyException re && re.failureType() == ReplyFailure.RECIPIENT_FAILURE
        ? "security node refused (code " + re.failureCode() + "): " : shown.getClass().getSimpleName() + ": ";
    return truncate(prefix + shown.getMessage());
  }

  /** An outbox row that cannot even be turned into an AnswerEvent: it fails the same way every time. */
  private static final class PoisonRow extends RuntimeException {
    PoisonRow(Throwable cause) {
      super(cause);
    }
  }

  /** Exponential with full jitter between half and all of the step, capped. */
  long backoffMs(int attempts) {
    long step = Math.min(options.maxBackoffMs(), options.baseBackoffMs() << Math.min(20, Math.max(0, attempts - 1)));
    return step / 2 + ThreadLocalRandom.current().nextLong(step / 2 + 1);
  }

  /**
   * The event of a row from {@link Sql#WRITE_ANSWER} or {@link Sql#CLAIM_OUTBOX}: the answers read with it (or, in
   * a row queued by an older Bastion, the snapshot it carries) and the baseline from the previous report's basis
   * (or, for a report stored before the basis existed, its answers).
   */
  static AnswerEvent toEvent(Row row) {
    String snapshot = row.getString("answers");
    List<AnswerEntry> answers = snapshot != null ? entries(new JsonArray(snapshot))
        : entries(row.getArrayOfStrings("question_ids"), row.getArrayOfStrings("answer_values"));
    return new AnswerEvent(row.getUUID("event_id"), row.getUUID("account_id"), row.getUUID("assessment_id"),
        row.getLong("version"), AnswerState.valueOf(row.getString("state")), row.getString("question_id"),
        row.getOffsetDateTime("answer_created_at").toInstant(), row.getOffsetDateTime("queued_at").toInstant(),
        row.getString("catalogue_id"), row.getString("catalogue_version"), answers, baseline(row));
  }

  private static Baseline baseline(Row row) {
    Long version = row.getLong("previous_version");
    if (version == null) {
      return null;
    }
    String basis = row.getString("previous_basis");
    String answers = row.getString("previous_answers");
    if (basis == null && answers == null) {
      return null; // a previous report that kept no answers: this report has no delta, rather than none ever again
    }
    return new Baseline(version, basis != null ? Basis.decode(basis) : entries(new JsonArray(answers)));
  }

  private static List<AnswerEntry> entries(String[] questionIds, String[] values) {
    if (questionIds == null) {
      return List.of();
    }
    List<AnswerEntry> list = new ArrayList<>(questionIds.length);
    for (int i = 0; i < questionIds.length; i++) {
      list.add(new AnswerEntry(questionIds[i], values[i]));
    }
    return list;
  }

  private static List<AnswerEntry> entries(JsonArray array) {
    List<AnswerEntry> list = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      JsonObject a = array.getJsonObject(i);
      list.add(new AnswerEntry(a.getString("questionId"), a.getString("value")));
    }
    return list;
  }

  private static String truncate(String s) {
    return s.length() <= 500 ? s : s.substring(0, 500);
  }
}
