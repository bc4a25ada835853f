package io.bastion.user.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.user.testing.GraphQLClient;
import io.bastion.user.testing.GraphQLClient.Response;
import io.bastion.user.testing.TestDatabase;
import io.bastion.user.testing.UserNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.webauthn4j.Authenticator;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Passkeys on a node whose public URL has a host name: the registration options, whose passkeys an account sees and
 * may remove, and ceremonies that are refused (the browser's side runs in mesh-tests' SecondFactorBrowserIT).
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PasskeysTest {

  private static final String LIST = "{ passkeys { id label createdAt lastUsedAt } }";
  private static final String REMOVE = "mutation($id: ID!) { removePasskey(id: $id) }";

  private GraphQLClient api;
  private Pool db;
  private PasskeyStore store;

  @BeforeAll
  void start(Vertx vertx) {
    api = UserNode.start(vertx, new JsonObject().put("http.public-url", "http://localhost:8999")).graphql();
    db = TestDatabase.pool(vertx);
    store = new PasskeyStore(db);
  }

  @AfterAll
  void stop() throws Exception {
    db.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void registrationOptionsAskForADiscoverableVerifiedPasskeyOfThisSiteAndExcludeTheAccountsOwn() throws Exception {
    GraphQLClient.Session alice = api.signUp(UserNode.email("options"), UserNode.PASSWORD);
    String existing = storePasskey(alice.email());
    JsonObject ceremony = api.call(alice.token(), "mutation { passkeyRegistrationOptions { flow options } }",
        new JsonObject()).data().getJsonObject("passkeyRegistrationOptions");
    JsonObject options = new JsonObject(ceremony.getString("options"));
    assertThat(options.getJsonObject("rp").getString("id")).isEqualTo("localhost");
    assertThat(options.getJsonObject("user").getString("name")).isEqualTo(alice.email());
    assertThat(options.getJsonObject("authenticatorSelection").getString("residentKey")).isEqualTo("required");
    assertThat(options.getJsonObject("authenticatorSelection").getString("userVerification")).isEqualTo("required");
    assertThat(options.getString("challenge")).hasSizeGreaterThan(40);
    assertThat(options.getJsonArray("excludeCredentials").encode()).contains(existing);

    JsonObject login = api.call(null, "mutation { passkeyLoginOptions { flow options } }", new JsonObject()).data()
        .getJsonObject("passkeyLoginOptions");
    JsonObject loginOptions = new JsonObject(login.getString("options"));
    assertThat(loginOptions.getString("rpId")).isEqualTo("localhost");
    assertThat(loginOptions.getString("userVerification")).isEqualTo("required");
    assertThat(loginOptions.containsKey("allowCredentials")).as("discoverable: no account named").isFalse();
  }

  @Test
  void anotherAccountNeitherSeesNorRemovesMyPasskey() throws Exception {
    GraphQLClient.Session alice = api.signUp(UserNode.email("alice-pk"), UserNode.PASSWORD);
    GraphQLClient.Session bob = api.signUp(UserNode.email("bob-pk"), UserNode.PASSWORD);
    String id = storePasskey(alice.email());

    assertThat(passkeys(alice.token())).hasSize(1);
    assertThat(passkeys(alice.token()).getJsonObject(0).getString("id")).isEqualTo(id);
    assertThat(passkeys(bob.token())).as("Bob's list").isEmpty();
    Response bobRemoves = api.call(bob.token(), REMOVE, new JsonObject().put("id", id));
    assertThat(bobRemoves.errorCode()).isNull();
    assertThat(bobRemoves.data().getBoolean("removePasskey")).as("Bob removing Alice's passkey").isFalse();
    assertThat(passkeys(alice.token())).as("Alice's passkey after Bob's attempt").hasSize(1);

    assertThat(api.call(alice.token(), REMOVE, new JsonObject().put("id", id)).data().getBoolean("removePasskey"))
        .isTrue();
    assertThat(passkeys(alice.token())).isEmpty();
    assertThat(store.find(null, id).await(10, TimeUnit.SECONDS)).as("gone for logins too").isEmpty();
    // Audited: Alice's removal in her chain; Bob's attempt that removed nothing is not an event.
    String audit = "{ auditLog(kind: \"passkey-changed\") { kind detail } }";
    assertThat(api.call(bob.token(), audit, new JsonObject()).data().getJsonArray("auditLog")).isEmpty();
    io.vertx.core.json.JsonArray entries = api.call(alice.token(), audit, new JsonObject()).data()
        .getJsonArray("auditLog");
    assertThat(entries).hasSize(1);
    assertThat(entries.getJsonObject(0).getString("kind")).isEqualTo("passkey-changed");
    assertThat(new JsonObject(entries.getJsonObject(0).getString("detail"))).isEqualTo(new JsonObject()
        .put("change", "removed").put("passkey", id));
  }

  @Test
  void aCredentialIdIsStoredOnce() throws Exception {
    GraphQLClient.Session carol = api.signUp(UserNode.email("carol-pk"), UserNode.PASSWORD);
    GraphQLClient.Session dave = api.signUp(UserNode.email("dave-pk"), UserNode.PASSWORD);
    String id = storePasskey(carol.email());
    Authenticator again = authenticator(id, dave.email());
    assertThat(store.storeCredential(again).toCompletionStage().toCompletableFuture()
        .handle((v, e) -> e).get(10, TimeUnit.SECONDS)).as("the same credential for another account").isNotNull();
    assertThat(passkeys(dave.token())).isEmpty();
  }

  @Test
  void ceremoniesWithoutAValidChallengeAndCredentialAreRefused() {
    GraphQLClient.Session erin = api.signUp(UserNode.email("erin-pk"), UserNode.PASSWORD);
    GraphQLClient.Session frank = api.signUp(UserNode.email("frank-pk"), UserNode.PASSWORD);
    String flow = api.call(erin.token(), "mutation { passkeyRegistrationOptions { flow } }", new JsonObject())
        .data().getJsonObject("passkeyRegistrationOptions").getString("flow");
    String register = "mutation($f: ID!, $c: String!, $l: String!) { registerPasskey(flow: $f, credential: $c, "
        + "label: $l) { id } }";
    JsonObject junk = new JsonObject().put("id", "AAAA").put("rawId", "AAAA").put("type", "public-key")
        .put("response", new JsonObject().put("clientDataJSON", "AAAA").put("attestationObject", "AAAA"));
    assertThat(api.call(erin.token(), register, new JsonObject().put("f", flow).put("c", "not json")
        .put("l", "laptop")).errorCode()).as("malformed credential").isEqualTo("INVALID_INPUT");
    assertThat(api.call(erin.token(), register, new JsonObject().put("f", flow).put("c", junk.encode())
        .put("l", "bad\u0000label")).errorCode()).as("a NUL in the label").isEqualTo("INVALID_INPUT");
    Response frankUsesErinsFlow = api.call(frank.token(), register, new JsonObject().put("f", flow)
        .put("c", junk.encode()).put("l", "laptop"));
    assertThat(frankUsesErinsFlow.errorCode()).isEqualTo("INVALID_INPUT");
    assertThat(passkeys(frank.token())).isEmpty();

    Response login = api.call(null, "mutation($f: ID!, $c: String!) { logInWithPasskey(flow: $f, credential: $c) "
        + "{ token } }", new JsonObject().put("f", UUID.randomUUID().toString()).put("c", junk.encode()));
    assertThat(login.errorCode()).isEqualTo("UNAUTHENTICATED");
    assertThat(login.field("logInWithPasskey")).isNull();
  }

  @Test
  void aRefusedPasskeyOfAnAccountIsAFailedLogInInItsChainAndAnUnknownOneIsNowhere() throws Exception {
    GraphQLClient.Session grace = api.signUp(UserNode.email("grace-pk"), UserNode.PASSWORD);
    String id = storePasskey(grace.email());
    String unknown = Base64.getUrlEncoder().withoutPadding().encodeToString(UUID.randomUUID().toString().getBytes());
    long before = await(db.query("SELECT count(*) AS n FROM audit_log WHERE kind = 'LOG_IN_FAILED'").execute())
        .iterator().next().getLong("n");
    for (String credId : List.of(unknown, id)) {
      // A live challenge, then a credential the library refuses (no authenticator signed it).
      String flow = api.call(null, "mutation { passkeyLoginOptions { flow } }", new JsonObject()).data()
          .getJsonObject("passkeyLoginOptions").getString("flow");
      JsonObject junk = new JsonObject().put("id", credId).put("rawId", credId).put("type", "public-key")
          .put("response", new JsonObject().put("clientDataJSON", "AAAA").put("authenticatorData", "AAAA")
              .put("signature", "AAAA").put("userHandle", "AAAA"));
      Response login = api.call(null, "mutation($f: ID!, $c: String!) { logInWithPasskey(flow: $f, credential: $c) "
          + "{ token } }", new JsonObject().put("f", flow).put("c", junk.encode()));
      assertThat(login.errorCode()).as(login.body().encode()).isEqualTo("UNAUTHENTICATED");
    }
    // Written after the refusal was answered: awaited.
    String failed = "{ auditLog(kind: \"log-in-failed\") { kind address detail } }";
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() ->
        !api.call(grace.token(), failed, new JsonObject()).data().getJsonArray("auditLog").isEmpty());
    JsonArray entries = api.call(grace.token(), failed, new JsonObject()).data().getJsonArray("auditLog");
    assertThat(entries).hasSize(1);
    assertThat(new JsonObject(entries.getJsonObject(0).getString("detail"))).isEqualTo(new JsonObject()
        .put("step", "passkey").put("passkey", id));
    assertThat(await(db.query("SELECT count(*) AS n FROM audit_log WHERE kind = 'LOG_IN_FAILED'").execute())
        .iterator().next().getLong("n")).as("nothing for the credential no account has").isEqualTo(before + 1);
  }

  private static <T> T await(io.vertx.core.Future<T> future) throws Exception {
    return future.await(10, TimeUnit.SECONDS);
  }

  private JsonArray passkeys(String token) {
    return api.call(token, LIST, new JsonObject()).data().getJsonArray("passkeys");
  }

  /** A stored passkey as the library would store it after a registration (no browser needed for storage rules). */
  private String storePasskey(String email) throws Exception {
    String id = Base64.getUrlEncoder().withoutPadding().encodeToString(UUID.randomUUID().toString().getBytes());
    store.storeCredential(authenticator(id, email)).await(10, TimeUnit.SECONDS);
    return id;
  }

  private static Authenticator authenticator(String id, String email) {
    return new Authenticator().setUsername(email).setCredID(id).setPublicKey("pQECAyYgASFYIA").setCounter(0)
        .setFmt("none").setAaguid("00000000-0000-0000-0000-000000000000");
  }
}
