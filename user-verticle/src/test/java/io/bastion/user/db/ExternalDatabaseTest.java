package io.bastion.user.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bastion.node.Settings;
import io.bastion.user.testing.GraphQLClient;
import io.bastion.user.testing.TcpProxy;
import io.bastion.user.testing.TlsPostgres;
import io.bastion.user.testing.UserNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user node on an external PostgreSQL that takes only TLS with a password ({@link TlsPostgres}, started by this
 * test): with verify-full, the CA and the password it works, through {@code db.url} and through the separate keys;
 * a certificate from another CA, or no TLS at all, is refused with an error that says why.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExternalDatabaseTest {

  @TempDir
  static Path dir;
  private static TlsPostgres server;

  @BeforeAll
  static void startServer() throws Exception {
    server = TlsPostgres.start(dir);
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aUserNodeWorksOnTheExternalServerWithVerifyFullTheCaAndThePassword(Vertx vertx) throws Exception {
    UserNode node = UserNode.start(vertx, new JsonObject()
        .put("db.host", "")
        .put("db.url", server.url("?sslmode=verify-full&sslrootcert=" + server.ca()))
        .put("db.password", server.password()));

    GraphQLClient.Session session = node.graphql().signUp(UserNode.email("tls"), UserNode.PASSWORD);

    // The account is in the external server (migrated by the node), read back over TLS by the separate keys.
    Path passwordFile = Files.writeString(dir.resolve("db-password"), server.password() + "\n");
    PgConnectOptions options = ExternalDatabase.options(settings(new JsonObject()
        .put("db.host", "127.0.0.1").put("db.port", server.port()).put("db.name", TlsPostgres.USER)
        .put("db.user", TlsPostgres.USER).put("db.password-file", passwordFile.toString())
        .put("db.ssl-mode", "verify-full").put("db.ssl-ca", server.ca().toString())));
    Pool pool = Database.pool(vertx, options, 1);
    Row row = get(pool.preparedQuery("SELECT (SELECT count(*) FROM accounts WHERE id::text = $1) AS accounts, "
        + "(SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()) AS tls")
        .execute(io.vertx.sqlclient.Tuple.of(session.accountId()))).iterator().next();
    assertThat(row.getLong("accounts")).isEqualTo(1);
    assertThat(row.getBoolean("tls")).as("the connection is encrypted").isTrue();
    get(pool.close());
  }

  @Test
  void aServerCertificateFromAnotherCaIsRefused(Vertx vertx) {
    assertThatThrownBy(() -> UserNode.start(vertx, new JsonObject()
        .put("db.host", "")
        .put("db.url", server.url("?sslmode=verify-full&sslrootcert=" + server.otherCa()))
        .put("db.password", server.password())))
        .hasMessageContaining("cannot use PostgreSQL at 127.0.0.1:" + server.port())
        .hasMessageContaining("ssl-mode verify-full")
        .hasMessageContaining("certification path");

    // The node's own client refuses it too.
    assertThatThrownBy(() -> select1(vertx, new JsonObject().put("db.url", server.url(""))
        .put("db.password", server.password()).put("db.ssl-mode", "verify-ca")
        .put("db.ssl-ca", server.otherCa().toString())))
        .hasStackTraceContaining("SSL handshake failed");
  }

  @Test
  void verifyFullRefusesACertificateThatDoesNotNameTheHostConnectedTo(Vertx vertx) throws Exception {
    // The server's certificate (right CA) names localhost and 127.0.0.1 only; 127.0.0.2 reaches the same server.
    TcpProxy proxy = TcpProxy.start(vertx, "127.0.0.2", "127.0.0.1", server.port());
    try {
      String elsewhere = "postgresql://" + TlsPostgres.USER + "@127.0.0.2:" + proxy.port() + "/" + TlsPostgres.USER;
      JsonObject verifyCa = new JsonObject().put("db.url", elsewhere + "?sslmode=verify-ca&sslrootcert="
          + server.ca()).put("db.password", server.password());
      assertThat(select1(vertx, verifyCa)).as("verify-ca: the chain alone, so the address does not matter")
          .isEqualTo(1);

      JsonObject verifyFull = new JsonObject().put("db.url", elsewhere + "?sslmode=verify-full&sslrootcert="
          + server.ca()).put("db.password", server.password());
      assertThatThrownBy(() -> select1(vertx, verifyFull)).as("the node's own client, verify-full")
          .hasStackTraceContaining("SSL handshake failed");
      assertThatThrownBy(() -> UserNode.start(vertx, new JsonObject().put("db.host", "").mergeIn(verifyFull)))
          .as("the node's start (migrations over JDBC), verify-full")
          .hasMessageContaining("cannot use PostgreSQL at 127.0.0.2:" + proxy.port())
          .hasMessageContaining("ssl-mode verify-full");
    } finally {
      proxy.close();
    }
  }

  @Test
  void withoutTlsTheServerRefusesTheConnection(Vertx vertx) {
    assertThatThrownBy(() -> UserNode.start(vertx, new JsonObject()
        .put("db.host", "")
        .put("db.url", server.url("?sslmode=disable"))
        .put("db.password", server.password())))
        .hasMessageContaining("ssl-mode disable")
        .hasMessageContaining("no pg_hba.conf entry")
        .hasMessageContaining("no encryption");
  }

  @Test
  void requireEncryptsWithoutACaAndAWrongPasswordIsRefused(Vertx vertx) throws Exception {
    assertThat(select1(vertx, new JsonObject().put("db.url", server.url("?sslmode=require"))
        .put("db.password", server.password()))).isEqualTo(1);
    assertThatThrownBy(() -> select1(vertx, new JsonObject().put("db.url", server.url("?sslmode=verify-full"))
        .put("db.ssl-ca", server.ca().toString()).put("db.password", "not the password")))
        .hasStackTraceContaining("password authentication failed");
  }

  @Test
  void verifyModesNeedACaAndBadValuesNameTheirSetting() {
    assertThatThrownBy(() -> ExternalDatabase.options(settings(new JsonObject()
        .put("db.url", server.url("?sslmode=verify-full")))))
        .hasMessageContaining("db.ssl-ca");
    assertThatThrownBy(() -> settings(new JsonObject().put("db.ssl-mode", "prefer")))
        .hasMessageContaining("db.ssl-mode");
    assertThatThrownBy(() -> settings(new JsonObject().put("db.url", "postgresql://u:secret@h/db?sslmode=maybe")))
        .hasMessageContaining("db.url").hasMessageContaining("sslmode").hasMessageNotContaining("secret");
    assertThatThrownBy(() -> settings(new JsonObject().put("db.url", "mysql://h/db")))
        .hasMessageContaining("db.url");
    assertThatThrownBy(() -> ExternalDatabase.options(settings(new JsonObject().put("db.url", server.url(""))
        .put("db.ssl-mode", "verify-ca").put("db.ssl-ca", dir.resolve("missing.pem").toString()))))
        .hasMessageContaining("db.ssl-ca").hasMessageContaining("missing.pem");
  }

  @Test
  void theUrlsTlsParametersWinOverTheKeys() throws Exception {
    PgConnectOptions options = ExternalDatabase.options(settings(new JsonObject()
        .put("db.url", "postgresql://app:pw@db.example:6543/bastion?sslmode=verify-full&sslrootcert="
            + server.ca() + "&application_name=bastion")
        .put("db.ssl-mode", "disable").put("db.password", "ignored")));
    assertThat(options.getHost()).isEqualTo("db.example");
    assertThat(options.getPort()).isEqualTo(6543);
    assertThat(options.getDatabase()).isEqualTo("bastion");
    assertThat(options.getUser()).isEqualTo("app");
    assertThat(options.getPassword()).isEqualTo("pw");
    assertThat(options.getSslMode().value).isEqualTo("verify-full");
    assertThat(options.getSslOptions().getHostnameVerificationAlgorithm()).isEqualTo("HTTPS");
    assertThat(Migrations.tls(options)).isEqualTo("?sslmode=verify-full&sslrootcert="
        + java.net.URLEncoder.encode(server.ca().toAbsolutePath().toString(), java.nio.charset.StandardCharsets.UTF_8));
  }

  private static int select1(Vertx vertx, JsonObject db) throws Exception {
    Pool pool = Database.pool(vertx, ExternalDatabase.options(settings(db)), 1);
    try {
      return get(pool.query("SELECT 1").execute()).iterator().next().getInteger(0);
    } finally {
      pool.close();
    }
  }

  /** The user node's database settings: conf/bastion.json, then {@code overrides}. */
  private static DatabaseSettings settings(JsonObject overrides) throws Exception {
    JsonObject all = new JsonObject(Files.readString(UserNode.repositoryRoot().resolve("conf/bastion.json")));
    return DatabaseSettings.from(new Settings(all.mergeIn(overrides)));
  }

  private static <T> T get(Future<T> future) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }
}
