package io.bastion.user.auth;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.MimeUtility;
import org.junit.jupiter.api.Test;

/** A German subject in a mail written to a file (no SMTP server): RFC 2047 encoded words a mail program decodes. */
class MailerHeaderTest {

  @Test
  void asciiStaysAsItIs() {
    assertThat(Mailer.header("Reset your Bastion password")).isEqualTo("Reset your Bastion password");
  }

  @Test
  void umlautsAreEncodedWordsThatDecodeToTheSubject() throws Exception {
    String subject = "Zwei-Faktor-Authentisierung für Ihr Bastion-Konto eingeschaltet: Größe ÄÖÜ äöü ß „x“";
    String header = Mailer.header(subject);
    assertThat(header).startsWith("=?UTF-8?B?").doesNotContain("ü");
    for (String line : header.split("\r\n ")) {
      assertThat(line.length()).as(line).isLessThanOrEqualTo(75);
    }
    assertThat(MimeUtility.decodeText(MimeUtility.unfold(header))).isEqualTo(subject);
  }
}
