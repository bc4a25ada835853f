package io.bastion.user.auth;

import io.bastion.codecs.Addresses;
import io.bastion.user.organisation.AssessmentAccess;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live feeds this verticle instance serves (bridge registrations of {@code assessments.<id>}, GraphQL
 * subscriptions), each with the account it serves. When any node announces on {@link Addresses#ACCESS_CHANGED} that
 * access changed, the matching feeds' grants are asked of the database again and those that lost access end with
 * {@link End#LOST}.
 *
 * <p>Two races are closed here. A feed is admitted by a grant read before it is watched: the caller reads
 * {@link #changes()} before asking for the grant and passes it to {@link #watch}, which re-checks at once when a
 * matching change arrived in between. A re-check that fails (database unreachable) is retried with backoff; when it
 * still fails after {@link #GIVE_UP_MS} the feed ends with {@link End#UNCHECKED} (the client connects again later,
 * and its new registration is checked anew): an outage is no refusal, but no reason to keep serving either.
 */
public final class AccessWatch {

  private static final Logger LOG = LoggerFactory.getLogger(AccessWatch.class);

  /** How long a failing re-check is retried before the feed ends as {@link End#UNCHECKED}. */
  static final long GIVE_UP_MS = 2_000;
  private static final long FIRST_RETRY_MS = 100;
  /** How many recent announcements are kept to tell whether one since a grant matches (older: re-check anyway). */
  private static final int RECENT = 256;

  /** Why a watched feed ends. */
  public enum End {
    /** The account no longer may read the assessment (close 4403, or NOT_FOUND). */
    LOST,
    /** Access could not be checked again after a change (close 4503, or UNAVAILABLE). */
    UNCHECKED
  }

  /** One watched feed; {@link #cancel()} when it ends for another reason (socket closed, unregistered). */
  public final class Handle {
    private final UUID accountId;
    private final UUID assessmentId;
    private final UUID organisationId;
    private final Consumer<End> end;

    private Handle(UUID accountId, AssessmentAccess.Grant grant, Consumer<End> end) {
      this.accountId = accountId;
      this.assessmentId = grant.assessmentId();
      this.organisationId = grant.organisationId();
      this.end = end;
    }

    public void cancel() {
      handles.remove(this);
    }

    /** An absent field of the announcement matches everything. */
    private boolean matches(JsonObject change) {
      return same(change.getString("accountId"), accountId)
          && same(change.getString("assessmentId"), assessmentId)
          && same(change.getString("organisationId"), organisationId);
    }

    private static boolean same(String announced, UUID own) {
      return announced == null || (own != null && announced.equalsIgnoreCase(own.toString()));
    }
  }

  /** An announcement with its sequence number. */
  private record Change(long seq, JsonObject body) {
  }

  private final Vertx vertx;
  private final BiFunction<UUID, UUID, Future<AssessmentAccess.Grant>> check;
  private final Set<Handle> handles = ConcurrentHashMap.newKeySet();
  /** How many announcements arrived; goes up before the watched feeds are looked at. */
  private final AtomicLong changes = new AtomicLong();
  private final ArrayDeque<Change> recent = new ArrayDeque<>();
  private MessageConsumer<JsonObject> consumer;

  public AccessWatch(Vertx vertx, AssessmentAccess access) {
    this(vertx, access::of);
  }

  /** @param check the grant of an account on an assessment, null when it has none (as AssessmentAccess.of) */
  public AccessWatch(Vertx vertx, BiFunction<UUID, UUID, Future<AssessmentAccess.Grant>> check) {
    this.vertx = vertx;
    this.check = check;
  }

  public Future<Void> start() {
    consumer = vertx.eventBus().consumer(Addresses.ACCESS_CHANGED, m -> changed(m.body()));
    return consumer.completion();
  }

  /** Stops listening for announcements (the verticle's undeploy does it too). */
  public Future<Void> stop() {
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }

  /** How many announcements this watch has heard: read it before asking for the grant a feed is admitted with. */
  public long changes() {
    return changes.get();
  }

  /**
   * Watches a feed of {@code accountId} admitted with {@code grant}, read after {@link #changes()} was
   * {@code seen}; {@code end} runs once when that access ends (on a thread of the watch: hop to the feed's context).
   */
  public Handle watch(UUID accountId, AssessmentAccess.Grant grant, long seen, Consumer<End> end) {
    Handle handle = new Handle(accountId, grant, end);
    handles.add(handle); // before looking at the changes: a change counted after this sees the handle
    if (changedSince(seen, handle)) {
      LOG.debug("access of account {} to assessment {} changed while it was checked: checking again", accountId,
          handle.assessmentId);
      recheck(handle);
    }
    return handle;
  }

  /** How many feeds are watched (for tests and metrics). */
  public int size() {
    return handles.size();
  }

  private boolean changedSince(long seen, Handle handle) {
    if (changes.get() == seen) {
      return false;
    }
    synchronized (recent) {
      Change oldest = recent.peekFirst();
      if (oldest == null || oldest.seq() > seen + 1) {
        return true; // the ones in between are forgotten: assume one matched
      }
      return recent.stream().anyMatch(c -> c.seq() > seen && handle.matches(c.body()));
    }
  }

  private void changed(JsonObject change) {
    if (change == null) {
      return;
    }
    synchronized (recent) {
      long seq = changes.incrementAndGet();
      recent.addLast(new Change(seq, change));
      if (recent.size() > RECENT) {
        recent.removeFirst();
      }
    }
    for (Handle h : List.copyOf(handles)) {
      if (h.matches(change)) {
        recheck(h);
      }
    }
  }

  private void recheck(Handle h) {
    attempt(h, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GIVE_UP_MS), FIRST_RETRY_MS);
  }

  /** One check; a failure is tried again after {@code backoff} ms (doubling) until {@code giveUpAt}. */
  private void attempt(Handle h, long giveUpAt, long backoff) {
    if (!handles.contains(h)) {
      return; // the feed ended meanwhile
    }
    long left = TimeUnit.NANOSECONDS.toMillis(giveUpAt - System.nanoTime());
    check.apply(h.accountId, h.assessmentId).timeout(Math.max(left, 1), TimeUnit.MILLISECONDS).onComplete(ar -> {
      if (ar.succeeded()) {
        if (ar.result() == null) {
          end(h, End.LOST);
        }
        return;
      }
      long remaining = TimeUnit.NANOSECONDS.toMillis(giveUpAt - System.nanoTime());
      if (remaining <= 0) {
        LOG.warn("could not re-check access of account {} to assessment {} for {} ms; the feed ends: {}",
            h.accountId, h.assessmentId, GIVE_UP_MS, ar.cause().toString());
        end(h, End.UNCHECKED);
      } else {
        LOG.debug("re-check of account {} on assessment {} failed, trying again: {}", h.accountId, h.assessmentId,
            ar.cause().toString());
        vertx.setTimer(Math.max(1, Math.min(backoff, remaining)), id -> attempt(h, giveUpAt, backoff * 2));
      }
    });
  }

  private void end(Handle h, End why) {
    if (handles.remove(h)) {
      LOG.debug("feed of account {} on assessment {} ends: {}", h.accountId, h.assessmentId, why);
      h.end.accept(why);
    }
  }
}
