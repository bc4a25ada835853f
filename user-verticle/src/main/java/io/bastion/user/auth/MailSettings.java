package io.bastion.user.auth;

import io.bastion.node.Settings;
import io.vertx.ext.mail.StartTLSOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Account mail (see {@link Mailer}): through the SMTP server {@code mail.smtp.host}, or without one into files
 * under {@code <data.dir>/mail}.
 *
 * @param from      {@code mail.from}
 * @param directory where mail goes without an SMTP server
 * @param starttls  {@code mail.smtp.starttls}: DISABLED, OPTIONAL or REQUIRED
 */
public record MailSettings(
    String from,
    Path directory,
    Optional<String> smtpHost,
    int smtpPort,
    boolean ssl,
    StartTLSOptions starttls,
    Optional<String> username,
    Optional<String> password) {

  public static MailSettings from(Settings s) {
    return new MailSettings(
        s.nonEmpty("mail.from"),
        s.path("data.dir").resolve("mail"),
        s.optionalString("mail.smtp.host"),
        s.integer("mail.smtp.port", 1, 65535),
        s.bool("mail.smtp.ssl"),
        StartTLSOptions.valueOf(s.oneOf("mail.smtp.starttls", List.of("DISABLED", "OPTIONAL", "REQUIRED"))),
        s.optionalString("mail.smtp.username"),
        s.optionalString("mail.smtp.password"));
  }
}
