package io.bastion.user.metrics;

/**
 * Events per second over the last {@code seconds} seconds: one bucket per second in a ring, so the rate moves with
 * time without anyone resetting it (a counter's rate needs two scrapes; this answers from one). Thread-safe.
 */
final class MovingRate {

  private final long[] counts;
  private final long[] epochs;
  private final int seconds;

  MovingRate(int seconds) {
    this.seconds = seconds;
    // One more bucket than the window: the second still filling never shares a bucket with the window's oldest.
    this.counts = new long[seconds + 1];
    this.epochs = new long[seconds + 1];
  }

  void add(long n) {
    add(n, System.currentTimeMillis() / 1000);
  }

  synchronized void add(long n, long epochSecond) {
    int i = (int) (epochSecond % counts.length);
    if (epochs[i] != epochSecond) {
      epochs[i] = epochSecond;
      counts[i] = 0;
    }
    counts[i] += n;
  }

  double perSecond() {
    return perSecond(System.currentTimeMillis() / 1000);
  }

  /** Over the {@code seconds} full seconds before {@code epochSecond} (the current one is still filling). */
  synchronized double perSecond(long epochSecond) {
    long sum = 0;
    for (int i = 0; i < counts.length; i++) {
      long age = epochSecond - epochs[i];
      if (age >= 1 && age <= seconds) {
        sum += counts[i];
      }
    }
    return (double) sum / seconds;
  }
}
