package io.bastion.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every account flow through the API of a running mesh: sign-up rules, log in and out, password change, account
 * deletion, and password reset by mail through a real SMTP server (GreenMail, started here) or, without one, a
 * mail file under data/mail.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccountsIT {

  private static final String PASSWORD = "accounts suite passphrase";
  private static final Pattern LINK = Pattern.compile("http://[^\\s]+/#/reset/([A-Za-z0-9_-]+)");

  private GreenMail smtp;
  private Mesh mesh;
  private Node user;
  private Node userWithoutSmtp;
  private Api api;

  @BeforeAll
  void start() throws Exception {
    smtp = new GreenMail(new ServerSetup(Mesh.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    Mesh.deleteTree(Mesh.in("accounts").dir);
    mesh = Mesh.in("accounts").startDatabase();
    user = mesh.startUser("user-1", "bastion.mail.smtp.host=127.0.0.1",
        "bastion.mail.smtp.port=" + smtp.getSmtp().getPort(), "bastion.mail.smtp.starttls=DISABLED",
        "bastion.http.public-url=http://bastion.test");
    userWithoutSmtp = mesh.startUser("user-2");
    api = new Api(user.httpPort);
  }

  @AfterAll
  void stop() throws Exception {
    mesh.close();
    smtp.stop();
  }

  @Test
  void signUpAcceptsPassphrasesAndRefusesWeakPasswordsAndDuplicateEmails() {
    for (String weak : List.of("short", "password1234", "Password1234!", "qwertyuiopasdf", "aaaaaaaaaaaaaa",
        "123456789012345")) {
      Api.Response r = api.call(null, "mutation($e: String!, $p: String!) { signUp(email: $e, password: $p) { token } }",
          new JsonObject().put("e", "weak@example.com").put("p", weak));
      assertThat(r.errorCode()).as(weak).isEqualTo("WEAK_PASSWORD");
    }
    api.signUp("Carol.Case@Example.com", "four words make a passphrase");
    Api.Response dup = api.call(null, "mutation($e: String!, $p: String!) { signUp(email: $e, password: $p) { token } }",
        new JsonObject().put("e", "carol.case@EXAMPLE.COM").put("p", PASSWORD));
    assertThat(dup.errorCode()).isEqualTo("EMAIL_TAKEN");
    assertThat(api.logIn("CAROL.CASE@example.com", "four words make a passphrase").token()).isNotBlank();
    assertThat(api.call(null, "mutation { signUp(email: \"not-an-email\", password: \"long enough passphrase\") "
        + "{ token } }", new JsonObject()).errorCode()).isEqualTo("INVALID_INPUT");
  }

  @Test
  void logOutStopsTheTokenAndOnlyThatOne() {
    api.signUp("frank@example.com", PASSWORD);
    Api.Session one = api.logIn("frank@example.com", PASSWORD);
    Api.Session two = api.logIn("frank@example.com", PASSWORD);
    assertThat(api.call(one.token(), "mutation { logOut }", new JsonObject()).data().getBoolean("logOut")).isTrue();
    assertThat(api.call(one.token(), "{ me { id } }", new JsonObject()).errorCode()).isEqualTo("UNAUTHENTICATED");
    assertThat(api.call(two.token(), "{ me { id } }", new JsonObject()).data().getJsonObject("me").getString("id"))
        .isEqualTo(two.accountId());
  }

  @Test
  void changingThePasswordNeedsTheCurrentOneAndEndsOtherSessions() {
    Api.Session first = api.signUp("grace@example.com", PASSWORD);
    Api.Session other = api.logIn("grace@example.com", PASSWORD);
    String change = "mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }";
    assertThat(api.call(first.token(), change, new JsonObject().put("c", "not my password").put("n", "a brand new passphrase"))
        .errorCode()).isEqualTo("UNAUTHENTICATED");
    assertThat(api.call(first.token(), change, new JsonObject().put("c", PASSWORD).put("n", "short")).errorCode())
        .isEqualTo("WEAK_PASSWORD");
    assertThat(api.call(first.token(), change, new JsonObject().put("c", PASSWORD).put("n", "a brand new passphrase"))
        .data().getBoolean("changePassword")).isTrue();
    assertThat(api.call(first.token(), "{ me { id } }", new JsonObject()).data()).isNotNull();
    assertThat(api.call(other.token(), "{ me { id } }", new JsonObject()).errorCode()).isEqualTo("UNAUTHENTICATED");
    assertThat(api.call(null, "mutation { logIn(email: \"grace@example.com\", password: \"" + PASSWORD + "\") { token } }",
        new JsonObject()).errorCode()).isEqualTo("UNAUTHENTICATED");
    assertThat(api.logIn("grace@example.com", "a brand new passphrase").token()).isNotBlank();
  }

  @Test
  void deletingTheAccountRemovesItsDataAndItCannotLogInAgain() throws Exception {
    Api.Session heidi = api.signUp("heidi@example.com", PASSWORD);
    String assessment = api.startAssessment(heidi.token(), "baseline");
    api.answer(heidi.token(), assessment, "gv-owner", "yes").data();
    String delete = "mutation($p: String!) { deleteAccount(password: $p) }";
    assertThat(api.call(heidi.token(), delete, new JsonObject().put("p", "wrong password!!")).errorCode())
        .isEqualTo("UNAUTHENTICATED");
    assertThat(api.call(heidi.token(), delete, new JsonObject().put("p", PASSWORD)).data().getBoolean("deleteAccount"))
        .isTrue();
    try (Connection sql = mesh.sql()) {
      String where = " WHERE assessment_id = '" + assessment + "'";
      assertThat(MeshIT.count(sql, "SELECT count(*) FROM answers" + where)).isZero();
      assertThat(MeshIT.count(sql, "SELECT count(*) FROM outbox" + where)).isZero();
      assertThat(MeshIT.count(sql, "SELECT count(*) FROM reports" + where)).isZero();
      assertThat(MeshIT.count(sql, "SELECT count(*) FROM accounts WHERE lower(email) = 'heidi@example.com'")).isZero();
    }
    assertThat(api.call(heidi.token(), "{ me { id } }", new JsonObject()).errorCode()).isEqualTo("UNAUTHENTICATED");
    assertThat(api.call(null, "mutation { logIn(email: \"heidi@example.com\", password: \"" + PASSWORD + "\") { token } }",
        new JsonObject()).errorCode()).isEqualTo("UNAUTHENTICATED");
  }

  @Test
  void passwordResetBySmtpIsSingleUseExpiresAndRevealsNothing() throws Exception {
    Api.Session ivan = api.signUp("ivan@example.com", PASSWORD);
    String request = "mutation($e: String!) { requestPasswordReset(email: $e) }";
    int before = resetMails().size();
    Api.Response unknown = api.call(null, request, new JsonObject().put("e", "nobody@example.com"));
    Api.Response known = api.call(null, request, new JsonObject().put("e", "IVAN@example.com"));
    assertThat(unknown.body()).isEqualTo(known.body()); // the same answer either way
    await().atMost(Duration.ofSeconds(15)).until(() -> resetMails().size() == before + 1);
    MimeMessage mail = resetMails().get(before);
    assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("ivan@example.com");
    String token = resetToken(GreenMailUtil.getBody(mail));
    assertThat(GreenMailUtil.getBody(mail)).contains("http://bastion.test/#/reset/");

    String reset = "mutation($t: String!, $p: String!) { resetPassword(token: $t, password: $p) }";
    assertThat(api.call(null, reset, new JsonObject().put("t", token).put("p", "short")).errorCode())
        .isEqualTo("WEAK_PASSWORD");
    assertThat(api.call(null, reset, new JsonObject().put("t", token).put("p", "reset worked nicely today"))
        .data().getBoolean("resetPassword")).isTrue();
    assertThat(api.call(ivan.token(), "{ me { id } }", new JsonObject()).errorCode()).as("sessions end")
        .isEqualTo("UNAUTHENTICATED");
    assertThat(api.logIn("ivan@example.com", "reset worked nicely today").token()).isNotBlank();
    assertThat(api.call(null, reset, new JsonObject().put("t", token).put("p", "another fine passphrase")).errorCode())
        .as("single use").isEqualTo("INVALID_INPUT");

    // An expired link does not work either.
    api.call(null, request, new JsonObject().put("e", "ivan@example.com")).data();
    await().atMost(Duration.ofSeconds(15)).until(() -> resetMails().size() == before + 2);
    String second = resetToken(GreenMailUtil.getBody(resetMails().get(before + 1)));
    try (Connection sql = mesh.sql()) {
      sql.createStatement().executeUpdate("UPDATE password_resets SET expires_at = now() - interval '1 minute'");
    }
    assertThat(api.call(null, reset, new JsonObject().put("t", second).put("p", "another fine passphrase")).errorCode())
        .as("expired").isEqualTo("INVALID_INPUT");
    assertThat(resetMails()).hasSize(before + 2); // nothing was sent for nobody@example.com
    assertThat(Arrays.stream(smtp.getReceivedMessages()).map(AccountsIT::subject))
        .as("the owner is told of the reset").contains("Your Bastion password was reset");
  }

  @Test
  void withoutSmtpTheResetMailIsWrittenUnderDataMail() throws Exception {
    Api other = new Api(userWithoutSmtp.httpPort);
    other.signUp("judy@example.com", PASSWORD);
    Path mailDir = mesh.dir.resolve("mail");
    other.call(null, "mutation { requestPasswordReset(email: \"judy@example.com\") }", new JsonObject()).data();
    await().atMost(Duration.ofSeconds(15)).until(() -> Files.isDirectory(mailDir) && mailFiles(mailDir).stream()
        .anyMatch(f -> read(f).contains("To: judy@example.com")));
    Path file = mailFiles(mailDir).stream().filter(f -> read(f).contains("To: judy@example.com")
        && read(f).contains("Subject: Reset your")).findFirst()
        .orElseThrow();
    String token = resetToken(read(file));
    assertThat(other.call(null, "mutation($t: String!) { resetPassword(token: $t, password: \"judy resets by file\") }",
        new JsonObject().put("t", token)).data().getBoolean("resetPassword")).isTrue();
    assertThat(Files.readString(userWithoutSmtp.log)).contains("mail to judy@example.com written to");
  }

  /** The reset mails received, in order (security mails, e.g. of a new browser, go to the same server). */
  private List<MimeMessage> resetMails() {
    return Arrays.stream(smtp.getReceivedMessages())
        .filter(m -> subject(m).startsWith("Reset your Bastion password")).toList();
  }

  private static String subject(MimeMessage m) {
    try {
      return m.getSubject();
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String resetToken(String mail) {
    Matcher m = LINK.matcher(mail.replace("=\r\n", "").replace("=3D", "="));
    assertThat(m.find()).as("a reset link in: %s", mail).isTrue();
    return m.group(1);
  }

  private static List<Path> mailFiles(Path dir) throws Exception {
    try (var files = Files.list(dir)) {
      return files.toList();
    }
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (Exception e) {
      return "";
    }
  }
}
