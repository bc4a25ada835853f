package io.bastion.user.auth;

import io.bastion.codecs.Addresses;
import io.bastion.user.organisation.AssessmentAccess;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live feeds this verticle instance serves (bridge registrations of {@code assessments.<id>}, GraphQL
 * subscriptions), each with the account it serves. When any node announces on {@link Addresses#ACCESS_CHANGED} that
 * access changed, the matching feeds' grants are asked of the database again and those that lost access end (their
 * {@code lost} action runs once). An outage during the re-check keeps the feed open: it is not a refusal, and the
 * next change or the session's own checks will tell.
 */
public final class AccessWatch {

  private static final Logger LOG = LoggerFactory.getLogger(AccessWatch.class);

  /** One watched feed; {@link #cancel()} when it ends for another reason (socket closed, unregistered). */
  public final class Handle {
    private final UUID accountId;
    private final UUID assessmentId;
    private final UUID organisationId;
    private final Runnable lost;

    private Handle(UUID accountId, AssessmentAccess.Grant grant, Runnable lost) {
      this.accountId = accountId;
      this.assessmentId = grant.assessmentId();
      this.organisationId = grant.organisationId();
      this.lost = lost;
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

  private final Vertx vertx;
  private final AssessmentAccess access;
  private final Set<Handle> handles = ConcurrentHashMap.newKeySet();
  private MessageConsumer<JsonObject> consumer;

  public AccessWatch(Vertx vertx, AssessmentAccess access) {
    this.vertx = vertx;
    this.access = access;
  }

  public Future<Void> start() {
    consumer = vertx.eventBus().consumer(Addresses.ACCESS_CHANGED, m -> changed(m.body()));
    return consumer.completion();
  }

  /** Watches a feed of {@code accountId} admitted with {@code grant}; {@code lost} runs when that access ends. */
  public Handle watch(UUID accountId, AssessmentAccess.Grant grant, Runnable lost) {
    Handle handle = new Handle(accountId, grant, lost);
    handles.add(handle);
    return handle;
  }

  /** How many feeds are watched (for tests and metrics). */
  public int size() {
    return handles.size();
  }

  private void changed(JsonObject change) {
    if (change == null) {
      return;
    }
    for (Handle h : List.copyOf(handles)) {
      if (h.matches(change)) {
        recheck(h);
      }
    }
  }

  private void recheck(Handle h) {
    access.of(h.accountId, h.assessmentId).onComplete(ar -> {
      if (ar.failed()) {
        LOG.warn("could not re-check access of account {} to assessment {}; the feed stays open: {}",
            h.accountId, h.assessmentId, ar.cause().toString());
      } else if (ar.result() == null && handles.remove(h)) {
        LOG.debug("account {} lost access to assessment {}: its feed ends", h.accountId, h.assessmentId);
        h.lost.run();
      }
    });
  }
}
