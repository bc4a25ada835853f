package io.bastion.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bastion.user.db.EmbeddedDatabase;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 11, finding 5, on a running mesh: 50 failed log-ins from 10 addresses no longer keep the owner out of the
 * browser she logged in with before (device cookie), while unknown browsers are locked out; the secrets under
 * data/ are the owner's only; the embedded PostgreSQL refuses connections without its password.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Lock-out, secret files and the database password on a running mesh")
class LockoutIT {

  private static final String PASSWORD = "lockout suite passphrase";
  private static final String LOG_IN = "mutation($e: String!, $p: String!) { logIn(email: $e, password: $p) { token } }";

  private Mesh mesh;
  private Node user;

  @BeforeAll
  void startMesh() throws Exception {
    Mesh.deleteTree(Mesh.in("lockout").dir);
    mesh = Mesh.in("lockout").startDatabase();
    user = mesh.startUser("user-1");
  }

  @AfterAll
  void stopMesh() throws Exception {
    mesh.close();
  }

  @Test
  void fiftyFailuresFromTenAddressesDoNotKeepTheOwnerOutOfHerKnownBrowser() throws Exception {
    String signUp = body("mutation($e: String!, $p: String!) { signUp(email: $e, password: $p) { token } }",
        "owner@example.com", PASSWORD);
    Matcher device = Pattern.compile("(?i)set-cookie: (bastion_device=[^;\\r\\n]+)")
        .matcher(post("127.0.0.20", signUp, Map.of()));
    assertThat(device.find()).as("signing up sets the device cookie").isTrue();

    for (int i = 0; i < 50; i++) {
      String answer = post("127.0.1." + (i % 10 + 1), body(LOG_IN, "owner@example.com", "guess number " + i), Map.of());
      assertThat(answer).as("attempt %d", i).containsAnyOf("UNAUTHENTICATED", "RATE_LIMITED");
    }
    assertThat(post("127.0.2.1", body(LOG_IN, "owner@example.com", PASSWORD), Map.of()))
        .as("an unknown browser, even with the right password").contains("RATE_LIMITED");
    String known = post("127.0.0.21", body(LOG_IN, "owner@example.com", PASSWORD), Map.of("Cookie", device.group(1)));
    assertThat(known).as("the owner's known browser (another address)").contains("\"token\"")
        .doesNotContain("RATE_LIMITED");
  }

  @Test
  void secretsUnderDataAreTheOwnersOnlyAndTheDatabaseWantsItsPassword() throws Exception {
    // A reset mail, so that data/mail exists.
    post("127.0.0.30", body("mutation($e: String!, $p: String!) { signUp(email: $e, password: $p) { token } }",
        "files@example.com", PASSWORD), Map.of());
    post("127.0.0.30", new JsonObject().put("query", "mutation { requestPasswordReset(email: \"files@example.com\") }")
        .encode(), Map.of());
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15))
        .until(() -> hasFiles(mesh.dir.resolve("mail")));
    for (String secret : List.of("keys", "mail", "certs")) {
      try (Stream<Path> walk = Files.walk(mesh.dir.resolve(secret))) {
        for (Path p : walk.toList()) {
          assertThat(mode(p)).as("the mode of %s", p).isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------");
        }
      }
    }
    Path password = mesh.dir.resolve("db-password");
    assertThat(mode(password)).as("the database password file").isEqualTo("rw-------");

    String url;
    try (Connection withPassword = mesh.sql()) { // Mesh.sql() reads the password file
      url = withPassword.getMetaData().getURL();
    }
    assertThatThrownBy(() -> DriverManager.getConnection(url, EmbeddedDatabase.USER, "").close())
        .as("a connection without the password").isInstanceOf(SQLException.class);
  }

  private static boolean hasFiles(Path dir) throws Exception {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.findAny().isPresent();
    }
  }

  private static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  private static String body(String query, String email, String password) {
    return new JsonObject().put("query", query)
        .put("variables", new JsonObject().put("e", email).put("p", password)).encode();
  }

  /** A raw POST /graphql from a loopback address of its own; the whole response, headers included. */
  private String post(String fromAddress, String body, Map<String, String> headers) throws Exception {
    return RawHttp.exchange(fromAddress, user.httpPort, "POST", "/graphql", headers, body);
  }
}
