package io.bastion.codecs;

import java.util.Optional;
import java.util.UUID;

/** Every event bus address Bastion uses; nodes agree on these names and nothing else. */
public final class Addresses {

  /** Point-to-point: AnswerEvents from the outbox relays to any security node (request/reply). */
  public static final String ANSWERS = "bastion.answers";

  /**
   * Publish: a user node ended sessions (log out, password change, account deletion); every user node closes the
   * live sockets (bridge, GraphQL WebSocket) those sessions hold. Body: JSON {accountId, except?}.
   */
  public static final String SESSIONS_ENDED = "bastion.sessions.ended";

  /** Prefix of the per-account report address that the SockJS bridge exposes to browsers. */
  public static final String REPORTS_PREFIX = "reports.";

  private Addresses() {
  }

  public static String reports(UUID accountId) {
    return REPORTS_PREFIX + accountId;
  }

  /** The account a {@code reports.<accountId>} address belongs to, if the address is exactly of that form. */
  public static Optional<UUID> accountOfReports(String address) {
    if (address == null || !address.startsWith(REPORTS_PREFIX)) {
      return Optional.empty();
    }
    String rest = address.substring(REPORTS_PREFIX.length());
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
