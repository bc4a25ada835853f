package io.bastion.user.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.user.testing.GraphQLClient;
import io.bastion.user.testing.GraphQLClient.Response;
import io.bastion.user.testing.UserNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.otp.OtpKey;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two-step verification through GraphQL on an in-process node: enrolment, the login that a password alone no
 * longer opens, codes that work once, recovery codes that work once, the pending login's limits, turning it off.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecondFactorTest {

  private static final String LOG_IN = "mutation($e: String!, $p: String!) { logIn(email: $e, password: $p) { token } }";
  private static final String COMPLETE = "mutation($t: String!, $c: String!) { completeLogIn(secondFactorToken: $t, "
      + "code: $c) { token account { email } } }";

  private GraphQLClient api;

  @BeforeAll
  void start(Vertx vertx) {
    api = UserNode.start(vertx).graphql();
  }

  @Test
  void aPasswordAloneNoLongerLogsInAndACodeOrARecoveryCodeDoesOnce() {
    String email = UserNode.email("two-step");
    GraphQLClient.Session session = api.signUp(email, UserNode.PASSWORD);
    assertThat(enabled(session.token())).isFalse();

    // Enrol: a pending secret; a wrong code does not turn it on.
    JsonObject enrolment = api.call(session.token(), "mutation { startTwoStep { secret uri } }", new JsonObject())
        .data().getJsonObject("startTwoStep");
    String secret = enrolment.getString("secret");
    assertThat(enrolment.getString("uri")).startsWith("otpauth://totp/Bastion:").contains("secret=" + secret)
        .contains("issuer=Bastion");
    byte[] key = new OtpKey().setKey(secret).getKeyBytes();
    assertThat(api.logIn(email, UserNode.PASSWORD).errorCode()).as("pending until confirmed: the password logs in")
        .isNull();
    long step = Totp.step(Instant.now());
    assertThat(confirm(session.token(), Totp.code(key, step - 3)).errorCode()).as("an old code").isEqualTo("INVALID_INPUT");
    assertThat(enabled(session.token())).isFalse();

    Response confirmed = confirm(session.token(), Totp.code(key, step));
    assertThat(confirmed.errorCode()).as(confirmed.body().encode()).isNull();
    List<String> recovery = confirmed.data().getJsonArray("confirmTwoStep").stream().map(String::valueOf).toList();
    assertThat(recovery).hasSize(10).doesNotHaveDuplicates();
    assertThat(enabled(session.token())).isTrue();

    // The password alone: no session, a pending-login token instead.
    String pending = pendingToken(email);
    assertThat(complete(pending, "000000x").errorCode()).as("a wrong code").isEqualTo("UNAUTHENTICATED");
    assertThat(complete(pending, Totp.code(key, step)).errorCode()).as("the code used to confirm, again")
        .isEqualTo("UNAUTHENTICATED");
    Response withCode = complete(pending, Totp.code(key, step + 1));
    assertThat(withCode.errorCode()).as(withCode.body().encode()).isNull();
    String token = withCode.data().getJsonObject("completeLogIn").getString("token");
    assertThat(token).isNotBlank();
    assertThat(enabled(token)).as("the new session works").isTrue();
    assertThat(complete(pending, Totp.code(key, step + 1)).errorCode()).as("a pending login opens one session")
        .isEqualTo("UNAUTHENTICATED");
    assertThat(complete(pendingToken(email), Totp.code(key, step + 1)).errorCode())
        .as("the same code in another login (replay)").isEqualTo("UNAUTHENTICATED");

    // A recovery code works once, typed in any case.
    Response withRecovery = complete(pendingToken(email), recovery.get(0).toUpperCase());
    assertThat(withRecovery.errorCode()).as(withRecovery.body().encode()).isNull();
    assertThat(complete(pendingToken(email), recovery.get(0)).errorCode()).as("a recovery code's second use")
        .isEqualTo("UNAUTHENTICATED");
    assertThat(complete(pendingToken(email), recovery.get(1)).errorCode()).as("another recovery code").isNull();

    // Turning it off needs a fresh code; then the password alone logs in again.
    assertThat(api.call(token, "mutation($c: String!) { disableTwoStep(code: $c) }",
        new JsonObject().put("c", recovery.get(0))).errorCode()).as("a spent code").isEqualTo("INVALID_INPUT");
    assertThat(enabled(token)).isTrue();
    Response off = api.call(token, "mutation($c: String!) { disableTwoStep(code: $c) }",
        new JsonObject().put("c", recovery.get(2)));
    assertThat(off.errorCode()).as(off.body().encode()).isNull();
    assertThat(enabled(token)).isFalse();
    assertThat(api.logIn(email, UserNode.PASSWORD).errorCode()).isNull();

    // The audit log of the account: each change of the second factor, each wrong code, each way of logging in.
    JsonArray audit = api.call(token, "{ auditLog { kind detail } }", new JsonObject()).data()
        .getJsonArray("auditLog");
    assertThat(audit.stream().map(e -> ((JsonObject) e).getString("kind")).toList()).containsExactly(
        "sign-up", "log-in", "second-factor-changed", "log-in-failed", "log-in-failed", "log-in", "log-in-failed",
        "log-in", "log-in-failed", "log-in", "second-factor-changed", "log-in");
    assertThat(new JsonObject(audit.getJsonObject(3).getString("detail")).getString("step")).isEqualTo("second-factor");
    assertThat(new JsonObject(audit.getJsonObject(5).getString("detail")).getString("method"))
        .isEqualTo("password+second-factor");
    assertThat(audit.encode()).doesNotContain(secret).doesNotContain(recovery.get(0));
  }

  @Test
  void aPendingLoginAllowsFiveTriesAndAWrongPasswordGetsNoToken() {
    String email = UserNode.email("five-tries");
    GraphQLClient.Session session = api.signUp(email, UserNode.PASSWORD);
    byte[] key = enrol(session.token());

    Response wrongPassword = api.call(null, LOG_IN, new JsonObject().put("e", email).put("p", "not the password"));
    assertThat(wrongPassword.errorCode()).isEqualTo("UNAUTHENTICATED");
    assertThat(wrongPassword.body().encode()).doesNotContain("secondFactorToken");

    String pending = pendingToken(email);
    for (int i = 0; i < 5; i++) {
      assertThat(complete(pending, "abc").errorCode()).as("wrong code %d", i + 1).isEqualTo("UNAUTHENTICATED");
    }
    Response sixth = complete(pending, Totp.code(key, Totp.step(Instant.now()) + 1));
    assertThat(sixth.errorCode()).as("a right code after five wrong ones").isEqualTo("UNAUTHENTICATED");
    assertThat(sixth.firstError().getString("message")).contains("log in again");
    assertThat(sixth.firstError().getJsonObject("extensions").getString("reason")).as("the page tells it by this")
        .isEqualTo("LOGIN_EXPIRED");
    assertThat(complete(pendingToken(email), Totp.code(key, Totp.step(Instant.now()) + 1)).errorCode())
        .as("a new login with that code").isNull();
  }

  @Test
  void wrongCodesAreCountedPerAccountAcrossPendingLogins(Vertx vertx) {
    GraphQLClient limited = UserNode.start(vertx, new JsonObject().put("auth.limit.password-checks", 3)).graphql();
    String email = UserNode.email("guessed");
    GraphQLClient.Session session = limited.signUp(email, UserNode.PASSWORD);
    byte[] key = enrol(limited, session.token());
    for (int i = 0; i < 3; i++) {
      assertThat(complete(limited, pendingToken(limited, email), "abc").errorCode()).as("wrong code %d", i + 1)
          .isEqualTo("UNAUTHENTICATED");
    }
    Response right = complete(limited, pendingToken(limited, email), Totp.code(key, Totp.step(Instant.now()) + 1));
    assertThat(right.errorCode()).as("a right code after the account's limit of wrong ones").isEqualTo("RATE_LIMITED");
  }

  @Test
  void enrollingAgainWhileOnIsRefused() {
    GraphQLClient.Session session = api.signUp(UserNode.email("again"), UserNode.PASSWORD);
    enrol(session.token());
    assertThat(api.call(session.token(), "mutation { startTwoStep { secret } }", new JsonObject()).errorCode())
        .isEqualTo("INVALID_INPUT");
  }

  private byte[] enrol(String token) {
    return enrol(api, token);
  }

  private byte[] enrol(GraphQLClient api, String token) {
    String secret = api.call(token, "mutation { startTwoStep { secret } }", new JsonObject()).data()
        .getJsonObject("startTwoStep").getString("secret");
    byte[] key = new OtpKey().setKey(secret).getKeyBytes();
    JsonArray codes = api.call(token, "mutation($c: String!) { confirmTwoStep(code: $c) }",
        new JsonObject().put("c", Totp.code(key, Totp.step(Instant.now())))).data().getJsonArray("confirmTwoStep");
    assertThat(codes).hasSize(10);
    return key;
  }

  private Response confirm(String token, String code) {
    return api.call(token, "mutation($c: String!) { confirmTwoStep(code: $c) }", new JsonObject().put("c", code));
  }

  private boolean enabled(String token) {
    return api.call(token, "{ twoStepEnabled }", new JsonObject()).data().getBoolean("twoStepEnabled");
  }

  private String pendingToken(String email) {
    return pendingToken(api, email);
  }

  private static String pendingToken(GraphQLClient api, String email) {
    Response r = api.call(null, LOG_IN, new JsonObject().put("e", email).put("p", UserNode.PASSWORD));
    assertThat(r.errorCode()).as(r.body().encode()).isEqualTo("SECOND_FACTOR_REQUIRED");
    assertThat(r.field("logIn")).as("no session with the password alone").isNull();
    assertThat(r.firstError().getJsonObject("extensions").getLong("expiresInSeconds")).isEqualTo(300);
    return r.firstError().getJsonObject("extensions").getString("secondFactorToken");
  }

  private Response complete(String pending, String code) {
    return complete(api, pending, code);
  }

  private static Response complete(GraphQLClient api, String pending, String code) {
    return api.call(null, COMPLETE, new JsonObject().put("t", pending).put("c", code));
  }
}
