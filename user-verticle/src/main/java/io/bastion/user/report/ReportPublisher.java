package io.bastion.user.report;

import io.bastion.codecs.Addresses;
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
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * The reports of one assessment as {@link ReportBroadcast} publishes them on {@code reports.<accountId>} (with
 * their words), as a reactive-streams publisher for a GraphQL subscription. Honours demand, buffers a bounded
 * number of reports (the oldest are dropped first: a newer report supersedes them) and unregisters its consumer on
 * cancel.
 */
public final class ReportPublisher implements Publisher<Map<String, Object>> {

  private static final int BUFFER = 64;

  private final Vertx vertx;
  private final UUID accountId;
  private final String assessmentId;

  public ReportPublisher(Vertx vertx, UUID accountId, UUID assessmentId) {
    this.vertx = vertx;
    this.accountId = accountId;
    this.assessmentId = assessmentId.toString();
  }

  @Override
  public void subscribe(Subscriber<? super Map<String, Object>> subscriber) {
    Context context = vertx.getOrCreateContext();
    context.runOnContext(v -> new ReportSubscription(subscriber, context).begin());
  }

  /**
   * GraphQL reads nested fields from maps and lists; a body delivered within this JVM holds JsonObjects and
   * JsonArrays instead.
   */
  private static Map<String, Object> plain(JsonObject json) {
    Map<String, Object> map = new LinkedHashMap<>();
    json.forEach(e -> map.put(e.getKey(), plainValue(e.getValue())));
    return map;
  }

  private static Object plainValue(Object value) {
    if (value instanceof JsonObject o) {
      return plain(o);
    }
    if (value instanceof JsonArray a) {
      List<Object> list = new ArrayList<>(a.size());
      a.forEach(v -> list.add(plainValue(v)));
      return list;
    }
    return value;
  }

  private final class ReportSubscription implements Subscription {

    private final Subscriber<? super Map<String, Object>> subscriber;
    private final Context context;
    private final ArrayDeque<Map<String, Object>> buffer = new ArrayDeque<>();
    private MessageConsumer<JsonObject> consumer;
    private long demand;
    private boolean cancelled;

    ReportSubscription(Subscriber<? super Map<String, Object>> subscriber, Context context) {
      this.subscriber = subscriber;
      this.context = context;
    }

    void begin() {
      consumer = vertx.eventBus().consumer(Addresses.reports(accountId), message -> {
        JsonObject body = message.body();
        if (assessmentId.equals(body.getString("assessmentId"))) {
          if (buffer.size() == BUFFER) {
            buffer.removeFirst();
          }
          buffer.addLast(plain(body));
          drain();
        }
      });
      subscriber.onSubscribe(this);
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
          cancelled = true;
          buffer.clear();
          consumer.unregister();
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
