package io.bastion.user.auth;

import io.bastion.catalogue.Language;
import io.vertx.core.Future;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mails that tell the owner about something that happened to the account: a changed or reset password, a log-in
 * from a browser not seen before, an ongoing password-guessing attack, and (through {@link #notice}) whatever other
 * parts need, such as a new passkey or second factor. Sent after the operation succeeded; a mail that cannot be
 * sent is logged and never fails the operation. Each in the account's language (English when it chose none).
 */
public final class SecurityMails implements SecurityNotices {

  private static final Logger LOG = LoggerFactory.getLogger(SecurityMails.class);

  private final Mailer mailer;
  private final String publicUrl;
  private final MailWords words = MailWords.get();

  public SecurityMails(Mailer mailer, String publicUrl) {
    this.mailer = mailer;
    this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
  }

  public void passwordChanged(Account account) {
    notice(account, "passwordChanged", Map.of());
  }

  public void passwordReset(Account account) {
    notice(account, "passwordReset", Map.of());
  }

  /** {@code browser} and {@code address} come from the request: shown as plain text, never as markup. */
  public void newDevice(Account account, String browser, String address) {
    notice(account, "newDevice", Map.of("browser", printable(browser), "address", printable(address)));
  }

  public void accountUnderAttack(Account account) {
    notice(account, "underAttack", Map.of());
  }

  @Override
  public void passkeyAdded(Account account, String label) {
    notice(account, "passkeyAdded", Map.of("label", printable(label)));
  }

  @Override
  public void passkeyRemoved(Account account) {
    notice(account, "passkeyRemoved", Map.of());
  }

  @Override
  public void secondFactorEnabled(Account account) {
    notice(account, "twoStepOn", Map.of());
  }

  @Override
  public void secondFactorDisabled(Account account) {
    notice(account, "twoStepOff", Map.of());
  }

  /** A label the user typed, in a plain-text mail: no line breaks or control characters, bounded. */
  private static String printable(String text) {
    String clean = text == null ? "" : text.replaceAll("\\p{Cntrl}", " ");
    return clean.length() <= 80 ? clean : clean.substring(0, 80) + "...";
  }

  /**
   * The notice {@code name} (its texts {@code name.subject} and {@code name.body} in {@link MailWords}) to the
   * account's owner, in the account's language, with a pointer to the account page.
   */
  public Future<Void> notice(Account account, String name, Map<String, ?> values) {
    Language language = account.mailLanguage();
    String subject = words.text(language, name + ".subject", values);
    String body = words.text(language, name + ".body", values) + "\r\n\r\n"
        + words.text(language, "notice.footer", Map.of("url", publicUrl + "/#/account")) + "\r\n";
    return mailer.send(account.email(), subject, body)
        .onFailure(e -> LOG.error("could not send the mail '{}': {}", name, e.toString()));
  }
}
