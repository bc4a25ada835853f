package io.bastion.user.report;

import io.bastion.codecs.Addresses;
import io.bastion.codecs.JsonText;
import io.bastion.user.auth.AccessWatch;
import io.bastion.user.error.ApiException;
import io.bastion.user.organisation.AssessmentAccess;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * The live feed of one assessment ({@code assessments.<id>}: reports, answers, presence) as a reactive-streams
 * publisher for a GraphQL subscription, each event seen through a {@code view} that makes it what the subscription
 * serves (or skips it: null). Honours demand, buffers a bounded number of events (the oldest are dropped first: a
 * newer report or presence supersedes them) and unregisters its consumer on cancel. With {@link #endWhenLost} the
 * subscription ends with NOT_FOUND (what an outsider gets at subscribe time) when the account loses access, or with
 * UNAVAILABLE when access could not be checked again after a change (the client subscribes again later).
 */
public final class AssessmentFeed implements Publisher<Map<String, Object>> {

  private static final int BUFFER = 64;

  private final Vertx vertx;
  private final UUID assessmentId;
  private final Supplier<Function<JsonObject, Map<String, Object>>> views;
  private AccessWatch watch;
  private UUID accountId;
  private AssessmentAccess.Grant grant;
  private long seen;

  /**
   * @param views makes the view of one subscription (a view may keep state, such as presence per node): from a body
   *     published on the feed to what the subscription delivers, or null to skip it
   */
  public AssessmentFeed(Vertx vertx, UUID assessmentId, Supplier<Function<JsonObject, Map<String, Object>>> views) {
    this.vertx = vertx;
    this.assessmentId = assessmentId;
    this.views = views;
  }

  /**
   * Ends each subscription with NOT_FOUND when the account admitted with {@code grant} loses access. {@code seen}:
   * {@link AccessWatch#changes()} read before the grant was asked for (a change since then is checked at once).
   */
  public AssessmentFeed endWhenLost(AccessWatch watch, UUID accountId, AssessmentAccess.Grant grant, long seen) {
    this.watch = watch;
    this.accountId = accountId;
    this.grant = grant;
    this.seen = seen;
    return this;
  }

  @Override
  public void subscribe(Subscriber<? super Map<String, Object>> subscriber) {
    Context context = vertx.getOrCreateContext();
    context.runOnContext(v -> new FeedSubscription(subscriber, context, views.get()).begin());
  }

  /**
   * The body as GraphQL reads it: GraphQL reads nested fields from maps and lists; a body delivered within this JVM
   * holds JsonObjects and JsonArrays instead.
   */
  public static Map<String, Object> plainMap(JsonObject json) {
    Map<String, Object> map = new LinkedHashMap<>();
    json.forEach(e -> map.put(e.getKey(), plainValue(e.getValue())));
    return map;
  }

  private static Object plainValue(Object value) {
    if (value instanceof JsonObject o) {
      return plainMap(o);
    }
    if (value instanceof JsonArray a) {
      List<Object> list = new ArrayList<>(a.size());
      a.forEach(v -> list.add(plainValue(v)));
      return list;
    }
    return value;
  }

  /**
   * How a subscription ends when access ends. graphql-transport-ws sends it as an {@code error} message whose only
   * field is {@code message}, made of the throwable's toString(): "NOT_FOUND: &lt;message&gt;", no class name, no stack.
   */
  static final class AccessEnded extends RuntimeException {
    private final String code;

    AccessEnded(ApiException reason) {
      super(reason.getMessage(), null, false, false);
      this.code = reason.code().name();
    }

    @Override
    public String toString() {
      return code + ": " + getMessage();
    }
  }

  private final class FeedSubscription implements Subscription {

    private final Subscriber<? super Map<String, Object>> subscriber;
    private final Context context;
    private final Function<JsonObject, Map<String, Object>> view;
    private final ArrayDeque<Map<String, Object>> buffer = new ArrayDeque<>();
    private MessageConsumer<Object> consumer;
    private AccessWatch.Handle watched;
    private long demand;
    private boolean cancelled;

    FeedSubscription(Subscriber<? super Map<String, Object>> subscriber, Context context,
        Function<JsonObject, Map<String, Object>> view) {
      this.subscriber = subscriber;
      this.context = context;
      this.view = view;
    }

    void begin() {
      consumer = vertx.eventBus().consumer(Addresses.assessment(assessmentId), message -> {
        Map<String, Object> event = view.apply(JsonText.read(message.body()));
        if (event != null && !cancelled) {
          if (buffer.size() == BUFFER) {
            buffer.removeFirst();
          }
          buffer.addLast(event);
          drain();
        }
      });
      if (watch != null) {
        watched = watch.watch(accountId, grant, seen, why -> context.runOnContext(v -> accessEnded(why)));
      }
      subscriber.onSubscribe(this);
    }

    /**
     * Access lost: the subscription ends with what an outsider gets (the assessment is not found for them); access
     * not checkable: with UNAVAILABLE, as any request during an outage.
     */
    private void accessEnded(AccessWatch.End why) {
      if (!cancelled) {
        stop();
        subscriber.onError(new AccessEnded(why == AccessWatch.End.LOST
            ? ApiException.notFound("assessment", assessmentId.toString())
            : ApiException.unavailable()));
      }
    }

    private void stop() {
      cancelled = true;
      buffer.clear();
      consumer.unregister();
      if (watched != null) {
        watched.cancel();
      }
    }

    @Override
    public void request(long n) {
      context.runOnContext(v -> {
        if (n <= 0) {
          cancel();
          subscriber.onError(new IllegalArgumentException("request must be positive (rule 3.9)"));
          return;
        }
        demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
        drain();
      });
    }

    @Override
    public void cancel() {
      context.runOnContext(v -> {
        if (!cancelled) {
          stop();
        }
      });
    }

    private void drain() {
      while (!cancelled && demand > 0 && !buffer.isEmpty()) {
        demand--;
        subscriber.onNext(buffer.removeFirst());
      }
    }
  }
}
