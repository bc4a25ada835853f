package io.bastion.user.auth;

import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mails that tell the owner about something that happened to the account: a changed or reset password, a log-in
 * from a browser not seen before, an ongoing password-guessing attack, and (through {@link #notice}) whatever other
 * parts need, such as a new passkey or second factor. Sent after the operation succeeded; a mail that cannot be
 * sent is logged and never fails the operation.
 */
public final class SecurityMails implements SecurityNotices {

  private static final Logger LOG = LoggerFactory.getLogger(SecurityMails.class);

  private final Mailer mailer;
  private final String publicUrl;

  public SecurityMails(Mailer mailer, String publicUrl) {
    this.mailer = mailer;
    this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
  }

  public void passwordChanged(Account account) {
    notice(account, "Your Bastion password was changed",
        "The password of your Bastion account was changed, and every other session of the account was ended.");
  }

  public void passwordReset(Account account) {
    notice(account, "Your Bastion password was reset",
        "The password of your Bastion account was reset with a link from a reset mail, and every session of the "
            + "account was ended.");
  }

  /** {@code browser} and {@code address} come from the request: shown as plain text, never as markup. */
  public void newDevice(Account account, String browser, String address) {
    notice(account, "New log-in to your Bastion account",
        "Your Bastion account was logged in to from a browser it had not seen before:\r\n\r\n  " + browser
            + "\r\n  from " + address + "\r\n\r\nThe account page lists its sessions and can end any of them.");
  }

  public void accountUnderAttack(Account account) {
    notice(account, "Someone is trying your Bastion password",
        "Many wrong passwords were tried for your Bastion account from browsers it does not know. Those browsers "
            + "are locked out of the account for a while; your usual browsers are unaffected and can still log in.\r\n"
            + "\r\nIf your password is weak or used elsewhere, change it.");
  }

  @Override
  public void passkeyAdded(Account account, String label) {
    notice(account, "A passkey was added to your Bastion account",
        "A passkey named \"" + printable(label) + "\" was added to your Bastion account: it can now log in "
            + "without a password.");
  }

  @Override
  public void passkeyRemoved(Account account) {
    notice(account, "A passkey was removed from your Bastion account",
        "A passkey was removed from your Bastion account; it can no longer log in.");
  }

  @Override
  public void secondFactorEnabled(Account account) {
    notice(account, "Two-step verification is on for your Bastion account",
        "Two-step verification was turned on: logging in with the password now also asks for a code.");
  }

  @Override
  public void secondFactorDisabled(Account account) {
    notice(account, "Two-step verification is off for your Bastion account",
        "Two-step verification was turned off: the password alone now logs in.");
  }

  /** A label the user typed, in a plain-text mail: no line breaks or control characters, bounded. */
  private static String printable(String text) {
    String clean = text == null ? "" : text.replaceAll("\\p{Cntrl}", " ");
    return clean.length() <= 80 ? clean : clean.substring(0, 80) + "...";
  }

  /** A mail with this subject and text to the account's owner, with a pointer to the account page. */
  public Future<Void> notice(Account account, String subject, String text) {
    String body = text + "\r\n\r\nIf this was not you, change your password at " + publicUrl + "/#/account\r\n";
    return mailer.send(account.email(), subject, body)
        .onFailure(e -> LOG.error("could not send the mail '{}': {}", subject, e.toString()));
  }
}
