package io.bastion.user.api;

import io.bastion.user.error.ApiException;
import io.bastion.user.error.ErrorCode;
import io.vertx.core.http.ServerWebSocket;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * Open subscriptions per GraphQL WebSocket, at most {@code max} at once: each holds an event-bus consumer, so one
 * socket must not open hundreds. Beyond the limit the subscribe gets TOO_MANY_SUBSCRIPTIONS and the socket stays
 * open; a subscription counts until it is cancelled (complete from the client, or the socket closing).
 */
final class SubscriptionQuota {

  private final int max;
  private final Map<ServerWebSocket, AtomicInteger> open = new ConcurrentHashMap<>();

  SubscriptionQuota(int max) {
    this.max = max;
  }

  /** Takes a place for one more subscription of the socket, released when the returned publisher is cancelled. */
  <T> Publisher<T> admit(ServerWebSocket socket, Publisher<T> publisher) {
    AtomicInteger count = open.computeIfAbsent(socket, s -> new AtomicInteger());
    if (count.incrementAndGet() > max) {
      count.decrementAndGet();
      throw new ApiException(ErrorCode.TOO_MANY_SUBSCRIPTIONS, "at most " + max
          + " subscriptions per connection: complete one first", Map.of("limit", max));
    }
    AtomicBoolean released = new AtomicBoolean();
    Runnable release = () -> {
      if (released.compareAndSet(false, true)) {
        count.decrementAndGet();
      }
    };
    return subscriber -> publisher.subscribe(new Releasing<>(subscriber, release));
  }

  /** The socket is gone: its count with it. */
  void forget(ServerWebSocket socket) {
    open.remove(socket);
  }

  /** Passes everything through and releases the place once, on cancel, completion or error. */
  private record Releasing<T>(Subscriber<? super T> subscriber, Runnable release) implements Subscriber<T> {
    @Override
    public void onSubscribe(Subscription subscription) {
      subscriber.onSubscribe(new Subscription() {
        @Override
        public void request(long n) {
          subscription.request(n);
        }

        @Override
        public void cancel() {
          release.run();
          subscription.cancel();
        }
      });
    }

    @Override
    public void onNext(T item) {
      subscriber.onNext(item);
    }

    @Override
    public void onError(Throwable error) {
      release.run();
      subscriber.onError(error);
    }

    @Override
    public void onComplete() {
      release.run();
      subscriber.onComplete();
    }
  }
}
