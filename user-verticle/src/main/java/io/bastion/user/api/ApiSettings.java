package io.bastion.user.api;

import io.bastion.node.Settings;

/**
 * Per-caller bounds of the GraphQL API.
 *
 * @param subscriptionsPerSocket   {@code api.subscriptions-per-socket}: the most subscriptions one GraphQL
 *                                 WebSocket may have open at once
 * @param answersPerAccountPerMinute {@code api.answers-per-account-per-minute}: answers one account may send to
 *                                 one user node in a minute (a burst of as many, refilled evenly)
 */
public record ApiSettings(int subscriptionsPerSocket, int answersPerAccountPerMinute) {

  public static ApiSettings from(Settings s) {
    return new ApiSettings(s.integer("api.subscriptions-per-socket", 1, 100_000),
        s.integer("api.answers-per-account-per-minute", 1, Integer.MAX_VALUE));
  }
}
