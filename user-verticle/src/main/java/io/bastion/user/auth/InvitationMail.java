package io.bastion.user.auth;

import io.bastion.catalogue.Language;
import io.vertx.core.Future;
import java.util.Map;

/**
 * The invitation mail: the organisation's name, who invites, the role and the link to the page of this deployment
 * that takes the token; nothing else about the organisation. In the language the caller chose (see
 * {@code Invitations}: the invitee's account's, else the inviter's, else the request's).
 */
public final class InvitationMail {

  private final Mailer mailer;
  private final String publicUrl;
  private final MailWords words = MailWords.get();

  /** {@code publicUrl}: where users reach the page, e.g. https://bastion.example.org (a trailing / is dropped). */
  public InvitationMail(Mailer mailer, String publicUrl) {
    this.mailer = mailer;
    this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
  }

  /** The address an invitation goes to, checked as sign-up checks it (INVALID_INPUT when it is not one). */
  public static String address(String raw) {
    return Emails.forSignUp(raw);
  }

  /** In English. */
  public Future<Void> send(String to, String organisation, String inviter, String role, String token, int hours) {
    return send(Language.DEFAULT, to, organisation, inviter, role, token, hours);
  }

  public Future<Void> send(Language language, String to, String organisation, String inviter, String role,
      String token, int hours) {
    return mailer.send(to, words.text(language, "invitation.subject", Map.of("organisation", oneLine(organisation))),
        text(language, organisation, inviter, role, token, hours));
  }

  String text(Language language, String organisation, String inviter, String role, String token, int hours) {
    return words.text(language, "invitation.body", Map.of("inviter", inviter, "organisation", oneLine(organisation),
        "role", words.text(language, "role." + role), "hours", hours, "link", publicUrl + "/#/join/" + token));
  }

  /** A name as one line: no line break may reach the mail's header or shape its text. */
  private static String oneLine(String text) {
    return text.replaceAll("[\\r\\n\\t]+", " ");
  }
}
