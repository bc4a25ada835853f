package io.bastion.user.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.bastion.node.mesh.Ports;
import io.bastion.user.testing.GraphQLClient;
import io.bastion.user.testing.TestDatabase;
import io.bastion.user.testing.UserNode;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The account's language (issue 16) end to end: a user node sending mail through a real SMTP server (GreenMail) in
 * this JVM, driven over GraphQL as the page drives it. setLanguage, sign-up in the page's language, and the reset
 * mail, a security notice and an invitation written in the recipient's language (English without one).
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Account language: setLanguage, sign-up's language, mails in the recipient's language")
class AccountLanguageTest {

  private static final String ME = "{ me { email language } }";
  private static final String SET = "mutation($l: String!) { setLanguage(language: $l) { email language } }";

  private Vertx vertx;
  private GreenMail smtp;
  private UserNode node;
  private GraphQLClient api;

  @BeforeAll
  void start(Vertx vertx) {
    this.vertx = vertx;
    smtp = new GreenMail(new ServerSetup(Ports.free(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    node = UserNode.start(vertx, new JsonObject()
        .put("mail.smtp.host", "127.0.0.1")
        .put("mail.smtp.port", smtp.getSmtp().getPort())
        .put("mail.smtp.starttls", "DISABLED")
        .put("http.public-url", "http://bastion.test"));
    api = node.graphql();
  }

  @AfterAll
  void stop() {
    smtp.stop();
  }

  @Test
  void setLanguageMakesTheResetMailGerman() {
    GraphQLClient.Session s = api.signUp(UserNode.email("greta"), UserNode.PASSWORD);
    assertThat(language(s)).as("signed up without Accept-Language").isEqualTo("en");
    JsonObject set = api.call(s.token(), SET, new JsonObject().put("l", "de")).data().getJsonObject("setLanguage");
    assertThat(set.getString("language")).isEqualTo("de");
    assertThat(language(s)).as("me.language after setLanguage").isEqualTo("de");

    requestReset(s.email());
    MimeMessage mail = awaitMail(s.email(), "Bastion-Passwort zurücksetzen");
    assertThat(body(mail)).contains("Öffnen Sie innerhalb von 30 Minuten diesen Link")
        .contains("http://bastion.test/#/reset/").doesNotContain("Open this link");
  }

  @Test
  void anAccountWithoutALanguageGetsEnglishMail() {
    // As an account from before the language column: language NULL.
    String email = UserNode.email("old");
    api.signUp(email, UserNode.PASSWORD);
    sql("UPDATE accounts SET language = NULL WHERE email = $1", email);
    GraphQLClient.Session s = api.session(email, UserNode.PASSWORD);
    assertThat(language(s)).as("me.language of an account that chose none").isNull();

    requestReset(email);
    MimeMessage mail = awaitMail(email, "Reset your Bastion password");
    assertThat(body(mail)).contains("Open this link within 30 minutes");
  }

  @Test
  void signUpInGermanStoresGerman() {
    String email = UserNode.email("dora");
    JsonObject signedUp = api.post(MultiMap.caseInsensitiveMultiMap().add("Accept-Language", "de-AT,de;q=0.9,en;q=0.5"),
        new JsonObject().put("query", "mutation($e: String!, $p: String!) { signUp(email: $e, password: $p) "
            + "{ token account { language } } }").put("variables", new JsonObject().put("e", email)
            .put("p", UserNode.PASSWORD)).encode()).data().getJsonObject("signUp");
    assertThat(signedUp.getJsonObject("account").getString("language")).isEqualTo("de");
    GraphQLClient.Session s = api.session(email, UserNode.PASSWORD);
    assertThat(language(s)).as("stored: an English log-in later does not change it").isEqualTo("de");

    // A security notice in German too: the password changed.
    api.call(s.token(), "mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }",
        new JsonObject().put("c", UserNode.PASSWORD).put("n", "another granite lantern drifts"));
    MimeMessage notice = awaitMail(email, "Ihr Bastion-Passwort wurde geändert");
    assertThat(body(notice)).contains("alle anderen Sitzungen des Kontos wurden beendet")
        .contains("Wenn Sie das nicht waren, ändern Sie Ihr Passwort unter http://bastion.test/#/account");
  }

  @Test
  void anInvitationToAGermanAccountIsGerman() {
    GraphQLClient.Session owner = api.signUp(UserNode.email("owner"), UserNode.PASSWORD);
    GraphQLClient.Session german = api.signUp(UserNode.email("gerda"), UserNode.PASSWORD);
    api.call(german.token(), SET, new JsonObject().put("l", "de"));
    String org = api.call(owner.token(), "mutation { createOrganisation(name: \"Acme {link}\") { id } }",
        new JsonObject()).data().getJsonObject("createOrganisation").getString("id");
    String invite = "mutation($o: ID!, $e: String!) { invite(organisationId: $o, email: $e, role: EDITOR) { id } }";

    assertThat(api.call(owner.token(), invite, new JsonObject().put("o", org).put("e", german.email())).errorCode())
        .isNull();
    MimeMessage toGerman = awaitMail(german.email(), "Einladung zu Acme {link} auf Bastion");
    assertThat(body(toGerman)).contains(owner.email() + " lädt Sie in die Organisation „Acme {link}“ auf Bastion ein, "
        + "mit der Rolle Bearbeiter/in.").contains("http://bastion.test/#/join/");

    // No account at the address: the inviter's language (English), whatever the request asked for.
    String stranger = UserNode.email("stranger");
    assertThat(api.post(MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer " + owner.token())
        .add("Accept-Language", "de"), new JsonObject().put("query", invite).put("variables",
        new JsonObject().put("o", org).put("e", stranger)).encode()).errorCode()).isNull();
    MimeMessage toStranger = awaitMail(stranger, "Join Acme {link} on Bastion");
    assertThat(body(toStranger)).contains("invites you to the organisation \"Acme {link}\" on Bastion, as EDITOR.");
    // An inviter who chose no language either: the language the request asked in.
    sql("UPDATE accounts SET language = NULL WHERE email = $1", owner.email());
    String another = UserNode.email("another");
    assertThat(api.post(MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer " + owner.token())
        .add("Accept-Language", "de"), new JsonObject().put("query", invite).put("variables",
        new JsonObject().put("o", org).put("e", another)).encode()).errorCode()).isNull();
    assertThat(body(awaitMail(another, "Einladung zu Acme {link} auf Bastion"))).contains("mit der Rolle Bearbeiter");
  }

  @Test
  void anUnknownLanguageIsRefusedWithItsReason() {
    GraphQLClient.Session s = api.signUp(UserNode.email("xavier"), UserNode.PASSWORD);
    for (String code : new String[] {"xx", "de-AT", "DE", ""}) {
      GraphQLClient.Response r = api.call(s.token(), SET, new JsonObject().put("l", code));
      JsonObject ext = r.firstError().getJsonObject("extensions");
      assertThat(ext.getString("code")).as(code).isEqualTo("INVALID_INPUT");
      assertThat(ext.getString("reason")).as(code).isEqualTo("UNKNOWN_LANGUAGE");
      assertThat(ext.getString("languages")).isEqualTo("en, de");
      assertThat(r.firstError().getString("message")).contains("en, de");
    }
    assertThat(language(s)).as("unchanged").isEqualTo("en");
    assertThat(api.call(null, SET, new JsonObject().put("l", "de")).errorCode()).as("anonymous")
        .isEqualTo("UNAUTHENTICATED");
  }

  /** A statement on the test database, as a migration or an operator would run it. */
  private void sql(String statement, String email) {
    Pool pool = TestDatabase.pool(vertx);
    try {
      pool.preparedQuery(statement).execute(Tuple.of(email)).await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    } finally {
      pool.close();
    }
  }

  private String language(GraphQLClient.Session s) {
    return api.call(s.token(), ME, new JsonObject()).data().getJsonObject("me").getString("language");
  }

  private void requestReset(String email) {
    assertThat(api.call(null, "mutation($e: String!) { requestPasswordReset(email: $e) }",
        new JsonObject().put("e", email)).data().getBoolean("requestPasswordReset")).isTrue();
  }

  /** The mail to {@code to} with this subject, once it arrived (GreenMail decodes the subject's encoding). */
  private MimeMessage awaitMail(String to, String subject) {
    return await("a mail to " + to + ": " + subject).atMost(Duration.ofSeconds(15))
        .until(() -> find(to, subject), Optional::isPresent).orElseThrow();
  }

  private Optional<MimeMessage> find(String to, String subject) {
    return Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
      try {
        return Arrays.stream(m.getRecipients(Message.RecipientType.TO)).anyMatch(a -> a.toString().equals(to))
            && subject.equals(m.getSubject());
      } catch (MessagingException e) {
        return false;
      }
    }).findFirst();
  }

  private static String body(MimeMessage mail) {
    try {
      // The decoded text (quoted-printable or base64 as the client chose), as a mail program shows it.
      Object content = mail.getContent();
      return content instanceof String text ? text : GreenMailUtil.getBody(mail);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
