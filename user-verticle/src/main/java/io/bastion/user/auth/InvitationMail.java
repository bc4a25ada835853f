package io.bastion.user.auth;

import io.vertx.core.Future;

/**
 * The invitation mail: the organisation's name, who invites, the role and the link to the page of this deployment
 * that takes the token; nothing else about the organisation.
 */
public final class InvitationMail {

  private final Mailer mailer;
  private final String publicUrl;

  /** {@code publicUrl}: where users reach the page, e.g. https://bastion.example.org (a trailing / is dropped). */
  public InvitationMail(Mailer mailer, String publicUrl) {
    this.mailer = mailer;
    this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
  }

  /** The address an invitation goes to, checked as sign-up checks it (INVALID_INPUT when it is not one). */
  public static String address(String raw) {
    return Emails.forSignUp(raw);
  }

  public Future<Void> send(String to, String organisation, String inviter, String role, String token, int hours) {
    return mailer.send(to, "Join " + oneLine(organisation) + " on Bastion", text(organisation, inviter, role, token,
        hours));
  }

  String text(String organisation, String inviter, String role, String token, int hours) {
    return inviter + " invites you to the organisation \"" + oneLine(organisation) + "\" on Bastion, as "
        + role + ".\r\n\r\n"
        + "Open this link within " + hours + " hours, signed in with this email address (or sign up with it "
        + "first), to join:\r\n\r\n"
        + publicUrl + "/#/join/" + token + "\r\n\r\n"
        + "The link works once. If you do not know the sender, ignore this mail.\r\n";
  }

  /** A name as one line: no line break may reach the mail's header or shape its text. */
  private static String oneLine(String text) {
    return text.replaceAll("[\\r\\n\\t]+", " ");
  }
}
