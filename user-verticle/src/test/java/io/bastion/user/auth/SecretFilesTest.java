package io.bastion.user.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.bastion.node.DevCertificates;
import io.bastion.user.db.EmbeddedDatabase;
import io.bastion.user.testing.TestDatabase;
import io.bastion.user.testing.UserNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Everything under data/ that holds a secret is the owner's only (files 0600, folders 0700): the token signing
 * keys, the device-cookie key, mail (reset links), the event bus certificates and the database password; files an
 * earlier version left readable are fixed on start. The embedded PostgreSQL refuses connections without its password.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Secret files and the database password")
class SecretFilesTest {

  @Test
  void aNodesSecretsAreOwnerOnlyAndLooseOnesAreFixedOnStart(Vertx vertx, @TempDir Path tmp) throws Exception {
    Path data = tmp.resolve("data");
    Path looseMail = data.resolve("mail").resolve("old.eml");
    Files.createDirectories(looseMail.getParent());
    Files.setPosixFilePermissions(looseMail.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(looseMail, "an old reset mail");
    Files.setPosixFilePermissions(looseMail, PosixFilePermissions.fromString("rw-r--r--"));

    UserNode node = UserNode.start(vertx, new JsonObject().put("data.dir", data.toString()));
    String email = UserNode.email("wanda");
    node.graphql().signUp(email, UserNode.PASSWORD);
    node.graphql().call(null, "mutation($e: String!) { requestPasswordReset(email: $e) }",
        new JsonObject().put("e", email)).data();
    Path mail = data.resolve("mail");
    await().atMost(Duration.ofSeconds(10)).until(() -> files(mail).size() >= 2);

    assertOwnerOnly(data.resolve("keys"));
    assertThat(files(data.resolve("keys"))).as("the keys written by the node")
        .anyMatch(p -> p.endsWith("jwt-es256/private.pem"))
        .anyMatch(p -> p.endsWith("device-cookie.key"));
    assertOwnerOnly(mail);
  }

  @Test
  void developmentCertificatesAreOwnerOnly(@TempDir Path tmp) throws Exception {
    Path certs = DevCertificates.ensure(tmp.resolve("certs"));
    assertThat(files(certs)).isNotEmpty();
    assertOwnerOnly(certs);
    Files.setPosixFilePermissions(certs.resolve(DevCertificates.NODE_STORE), PosixFilePermissions.fromString("rw-r--r--"));
    DevCertificates.ensure(certs);
    assertOwnerOnly(certs);
  }

  @Test
  void theEmbeddedDatabaseHasAGeneratedPasswordKeptOwnerOnlyAndRefusesConnectionsWithoutIt() throws Exception {
    Path file = EmbeddedDatabase.passwordFile(TestDatabase.dataDir());
    assertThat(mode(file)).as("the database password file %s", file).isEqualTo("rw-------");
    assertThat(Files.readString(file).trim()).isEqualTo(TestDatabase.password()).hasSizeGreaterThanOrEqualTo(24);
    String url = "jdbc:postgresql://127.0.0.1:" + TestDatabase.port() + "/" + EmbeddedDatabase.DATABASE;
    for (String wrong : List.of("", "postgres", "not the password")) {
      assertThatThrownBy(() -> DriverManager.getConnection(url, EmbeddedDatabase.USER, wrong).close())
          .as("EmbeddedDatabase: a connection with password '%s'", wrong).isInstanceOf(SQLException.class)
          .hasMessageContaining("password");
    }
    DriverManager.getConnection(url, EmbeddedDatabase.USER, TestDatabase.password()).close();
  }

  private static void assertOwnerOnly(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.toList()) {
        assertThat(mode(p)).as("OwnerOnly: the mode of %s", p).isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------");
      }
    }
  }

  private static List<Path> files(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).toList();
    }
  }

  private static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }
}
