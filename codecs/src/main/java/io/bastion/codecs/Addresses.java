package io.bastion.codecs;

import java.util.Optional;
import java.util.UUID;

/** Every event bus address Bastion uses; nodes agree on these names and nothing else. */
public final class Addresses {

  /** Point-to-point: AnswerEvents from the outbox relays to any security node (request/reply). */
  public static final String ANSWERS = "bastion.answers";

  /**
   * Point-to-point: what-if requests from the user nodes to any security node (request/reply, nothing stored).
   * Body: JSON {catalogueId, catalogueVersion, answers: {questionId: value}}; reply: JSON {score, tier, options:
   * [{questionId, value, score, gain, tier, effort, gainPerEffort, functions: {code: score}}]}, the findings of
   * those answers with what answering each one best would do, the largest gain per unit of effort first.
   */
  public static final String WHAT_IF = "bastion.whatif";

  /**
   * Publish: a user node ended sessions (log out, password change, account deletion); every user node closes the
   * live sockets (bridge, GraphQL WebSocket) those sessions hold. Body: JSON {accountId, except?}.
   */
  public static final String SESSIONS_ENDED = "bastion.sessions.ended";

  /**
   * Publish: who may see what changed (a member's role changed or was removed, someone left, an assessment was
   * deleted). Every user node re-checks the live sockets (bridge registrations, GraphQL subscriptions) it holds that
   * match and closes those no longer allowed. Body: JSON {organisationId?, accountId?, assessmentId?}; an absent
   * field matches everything.
   */
  public static final String ACCESS_CHANGED = "bastion.access.changed";

  /**
   * Prefix of the per-assessment live feed: every member who may read the assessment may register
   * {@code assessments.<assessmentId>} on the bridge. Bodies are JSON objects with a {@code type}: {@code report}
   * (the report's facts), {@code answer} (an answer as saved, with who gave it), {@code presence} (who has it open
   * on one user node), {@code targets} (its targets after a change) or {@code actions} (its action plan after a
   * change).
   */
  public static final String ASSESSMENTS_PREFIX = "assessments.";

  private Addresses() {
  }

  public static String assessment(UUID assessmentId) {
    return ASSESSMENTS_PREFIX + assessmentId;
  }

  /** The assessment an {@code assessments.<assessmentId>} address is the feed of, if exactly of that form. */
  public static Optional<UUID> assessmentOfFeed(String address) {
    return idAfter(ASSESSMENTS_PREFIX, address);
  }

  private static Optional<UUID> idAfter(String prefix, String address) {
    if (address == null || !address.startsWith(prefix)) {
      return Optional.empty();
    }
    String rest = address.substring(prefix.length());
    if (rest.length() != 36) {
      return Optional.empty();
    }
    try {
      UUID id = UUID.fromString(rest);
      return id.toString().equals(rest) ? Optional.of(id) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
