package io.bastion.user.auth;

import io.vertx.core.Future;

/** The password reset mail: its words, and the link to the page of this deployment that takes the token. */
public final class ResetMail {

  private final Mailer mailer;
  private final String publicUrl;

  /** {@code publicUrl}: where users reach the page, e.g. https://bastion.example.org (a trailing / is dropped). */
  public ResetMail(Mailer mailer, String publicUrl) {
    this.mailer = mailer;
    this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
  }

  Future<Void> send(String to, String token) {
    return mailer.send(to, "Reset your Bastion password", text(token));
  }

  String text(String token) {
    return "Someone (hopefully you) asked to reset the password of your Bastion account.\r\n\r\n"
        + "Open this link within " + PasswordResets.TTL.toMinutes() + " minutes to choose a new password:\r\n\r\n"
        + publicUrl + "/#/reset/" + token + "\r\n\r\n"
        + "The link works once. If you did not ask for it, ignore this mail: your password stays as it is.\r\n";
  }
}
