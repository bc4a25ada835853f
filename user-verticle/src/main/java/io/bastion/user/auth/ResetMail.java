package io.bastion.user.auth;

import io.bastion.catalogue.Language;
import io.vertx.core.Future;
import java.util.Map;

/**
 * The password reset mail: its words in the account's language (see {@link MailWords}), and the link to the page
 * of this deployment that takes the token.
 */
public final class ResetMail {

  private final Mailer mailer;
  private final String publicUrl;
  private final MailWords words = MailWords.get();

  /** {@code publicUrl}: where users reach the page, e.g. https://bastion.example.org (a trailing / is dropped). */
  public ResetMail(Mailer mailer, String publicUrl) {
    this.mailer = mailer;
    this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
  }

  /** To the account's address, in its language (English when it chose none). */
  Future<Void> send(Account account, String token) {
    Language language = account.mailLanguage();
    return mailer.send(account.email(), words.text(language, "reset.subject"), text(language, token));
  }

  String text(Language language, String token) {
    return words.text(language, "reset.body", Map.of("minutes", PasswordResets.TTL.toMinutes(),
        "link", publicUrl + "/#/reset/" + token));
  }
}
