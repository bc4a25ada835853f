package io.bastion.user.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The answers-per-second window of {@code ./bastion status}. */
class MovingRateTest {

  @Test
  void countsTheFullSecondsOfTheWindowOnly() {
    MovingRate rate = new MovingRate(60);
    rate.add(30, 1_000);
    rate.add(30, 1_030);
    rate.add(600, 1_060); // the second still filling
    assertThat(rate.perSecond(1_060)).isEqualTo(1.0);
    // The first has left the window; then the second.
    assertThat(rate.perSecond(1_061)).isEqualTo(630 / 60.0);
    assertThat(rate.perSecond(1_091)).isEqualTo(10.0);
    assertThat(rate.perSecond(1_121)).isZero();
  }

  @Test
  void aBucketIsReusedForItsNewSecond() {
    MovingRate rate = new MovingRate(60);
    rate.add(60, 100);
    rate.add(6, 161); // the same bucket, 61 seconds later
    assertThat(rate.perSecond(162)).isEqualTo(0.1);
  }
}
