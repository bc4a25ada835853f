package io.bastion.user.outbox;

import io.bastion.user.db.Sql;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The dead-letter table: what the relays gave up on, and putting it back ({@code ./bastion replay}, through
 * {@link DeadLetterTool}). A replay moves the chosen rows back into the outbox with their counts reset, due at once,
 * and wakes the relays, in one transaction; a row that a stored report of the same or a newer version of its
 * assessment supersedes is removed instead (it could only publish an older report after the newer one).
 */
public final class DeadLetters {

  /** One dead letter, as {@code --list} shows it. */
  public record DeadLetter(UUID eventId, UUID assessmentId, long version, String catalogue, int attempts,
      int failures, String lastError, Instant firstFailedAt, Instant deadAt, int replays) {
  }

  /**
   * Which dead letters: one event, one assessment's, or all (both null).
   */
  public record Choice(UUID eventId, UUID assessmentId) {

    public static final Choice ALL = new Choice(null, null);

    public static Choice event(UUID id) {
      return new Choice(id, null);
    }

    public static Choice assessment(UUID id) {
      return new Choice(null, id);
    }

    Tuple tuple() {
      return Tuple.of(eventId, assessmentId);
    }
  }

  /**
   * @param taken      dead letters taken out of the table
   * @param replayed   of those, how many went back into the outbox
   */
  public record Replay(long taken, long replayed) {

    /** Of those taken, how many a stored report of the same or a newer version made pointless: removed. */
    public long superseded() {
      return taken - replayed;
    }
  }

  private final Pool pool;

  public DeadLetters(Pool pool) {
    this.pool = pool;
  }

  public Future<List<DeadLetter>> list(Choice choice) {
    return pool.preparedQuery(Sql.LIST_DEAD_LETTERS).execute(choice.tuple()).map(rows -> {
      List<DeadLetter> list = new ArrayList<>(rows.size());
      for (Row r : rows) {
        list.add(new DeadLetter(r.getUUID("event_id"), r.getUUID("assessment_id"), r.getLong("version"),
            r.getString("catalogue_id") + " " + r.getString("catalogue_version"), r.getInteger("attempts"),
            r.getInteger("failures"), r.getString("last_error"), instant(r.getOffsetDateTime("first_failed_at")),
            instant(r.getOffsetDateTime("dead_at")), r.getInteger("replays")));
      }
      return list;
    });
  }

  public Future<Long> count() {
    return pool.query(Sql.COUNT_DEAD_LETTERS).execute().map(rows -> rows.iterator().next().getLong("n"));
  }

  public Future<Replay> replay(Choice choice) {
    return pool.preparedQuery(Sql.REPLAY_DEAD_LETTERS).execute(choice.tuple()).map(rows -> {
      Row r = rows.iterator().next();
      return new Replay(r.getLong("taken"), r.getLong("replayed"));
    });
  }

  private static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }
}
