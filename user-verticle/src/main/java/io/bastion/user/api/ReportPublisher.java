package io.bastion.user.api;

import io.bastion.codecs.Addresses;
import io.bastion.user.report.ReportText;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.UUID;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * The reports of one assessment as they are published on {@code reports.<accountId>}, as a reactive-streams
 * publisher for a GraphQL subscription. Honours demand, buffers a bounded number of reports (the oldest are
 * dropped first: a newer report supersedes them) and unregisters its consumer on cancel.
 */
final class ReportPublisher implements Publisher<Map<String, Object>> {

  private static final int BUFFER = 64;

  private final Vertx vertx;
  private final UUID accountId;
  private final String assessmentId;
  private final ReportText text;

  ReportPublisher(Vertx vertx, UUID accountId, UUID assessmentId, ReportText text) {
    this.vertx = vertx;
    this.accountId = accountId;
    this.assessmentId = assessmentId.toString();
    this.text = text;
  }

  @Override
  public void subscribe(Subscriber<? super Map<String, Object>> subscriber) {
    Context context = vertx.getOrCreateContext();
    context.runOnContext(v -> new ReportSubscription(subscriber, context).begin());
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
          buffer.addLast(text.add(body.copy().getMap()));
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
