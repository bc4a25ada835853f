package io.bastion.user.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends account mail through the configured SMTP server ({@code mail.smtp.host}). Without one (the local default)
 * each mail is written to a file under {@code data/mail/} (owner-only: 0600 files in a 0700 folder) and the log says where, so a local user can still reset
 * a password.
 */
public final class Mailer {

  private static final Logger LOG = LoggerFactory.getLogger(Mailer.class);
  private static final DateTimeFormatter FILE_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);

  private final Vertx vertx;
  private final MailClient smtp;
  private final String from;
  private final Path directory;

  private Mailer(Vertx vertx, MailClient smtp, String from, Path directory) {
    this.vertx = vertx;
    this.smtp = smtp;
    this.from = from;
    this.directory = directory;
  }

  public static Mailer from(Vertx vertx, MailSettings s) {
    String from = s.from();
    Path dir = s.directory();
    String host = s.smtpHost().orElse(null);
    if (host == null) {
      return new Mailer(vertx, null, from, dir);
    }
    MailConfig config = new MailConfig()
        .setHostname(host)
        .setPort(s.smtpPort())
        .setSsl(s.ssl())
        .setStarttls(s.starttls())
        .setUsername(s.username().orElse(null))
        .setPassword(s.password().orElse(null));
    LOG.info("sending mail through {}:{}", host, config.getPort());
    return new Mailer(vertx, MailClient.createShared(vertx, config, "bastion-mail"), from, dir);
  }

  /** A mailer that only writes files into {@code directory}, as {@link #from} gives without an SMTP server. */
  public static Mailer toDirectory(Vertx vertx, Path directory, String from) {
    return new Mailer(vertx, null, from, directory);
  }

  /**
   * A header value as a mail program reads it: ASCII as it is, anything else (a German subject) as RFC 2047 encoded
   * words of at most 45 bytes of UTF-8 each (so each stays within the 75 characters the RFC allows).
   */
  static String header(String value) {
    if (value.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
      return value;
    }
    StringBuilder out = new StringBuilder();
    StringBuilder chunk = new StringBuilder();
    value.codePoints().forEach(cp -> {
      String next = new String(Character.toChars(cp));
      if ((chunk + next).getBytes(StandardCharsets.UTF_8).length > 45) {
        out.append(out.length() == 0 ? "" : "\r\n ").append(encodedWord(chunk.toString()));
        chunk.setLength(0);
      }
      chunk.append(next);
    });
    return out.append(out.length() == 0 ? "" : "\r\n ").append(encodedWord(chunk.toString())).toString();
  }

  private static String encodedWord(String text) {
    return "=?UTF-8?B?" + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)) + "?=";
  }

  public Future<Void> send(String to, String subject, String text) {
    if (smtp != null) {
      return smtp.sendMail(new MailMessage().setFrom(from).setTo(to).setSubject(subject).setText(text))
          .mapEmpty();
    }
    String name = FILE_TIME.format(Instant.now()) + "-" + UUID.randomUUID().toString().substring(0, 8) + ".eml";
    Path file = directory.resolve(name);
    String mail = "From: " + from + "\r\nTo: " + to + "\r\nSubject: " + header(subject) + "\r\nDate: "
        + DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.now().atZone(ZoneOffset.UTC))
        + "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit"
        + "\r\n\r\n" + text + "\r\n";
    // Mail holds reset links: the folder is 0700 and each file is created 0600 before anything is written.
    return vertx.fileSystem().mkdirs(directory.toString(), "rwx------")
        .compose(v -> vertx.fileSystem().chmod(directory.toString(), "rwx------"))
        .compose(v -> vertx.fileSystem().createFile(file.toString(), "rw-------"))
        .compose(v -> vertx.fileSystem().writeFile(file.toString(), Buffer.buffer(mail)))
        .onSuccess(v -> LOG.info("no SMTP server configured: mail to {} written to {}", to, file.toAbsolutePath()));
  }
}
