package io.bastion.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bastion.node.ClusterSettings;
import io.bastion.node.Settings;
import io.bastion.node.health.ProbeSettings;
import io.bastion.user.web.DeveloperTools;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mail.StartTLSOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What a user node reads from its settings (sources and spellings: node's SettingsTest). */
class UserNodeSettingsTest {

  private static Vertx vertx;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
    io.bastion.user.testing.Fixtures.codecs(vertx);
  }

  @AfterAll
  static void stopVertx() throws Exception {
    await(vertx.close());
  }

  @Test
  void everyKeyOfConfBastionJsonIsReadByAUserNode() {
    Settings s = new Settings(new JsonObject());
    UserNodeSettings.from(s);
    ClusterSettings.from(s, false);
    // Keys only security nodes read (SecurityNodeSettings) are added here.
    ProbeSettings.from(s);
    assertThat(s.keysRead()).as("keys read by UserNodeSettings and the launcher's ClusterSettings")
        .containsExactlyInAnyOrderElementsOf(Settings.keys());
  }

  @Test
  void theDefaultsAreThoseOfConfBastionJson() {
    UserNodeSettings s = UserNodeSettings.from(new Settings(new JsonObject()));
    assertThat(s.node().name()).isEqualTo("user-" + ProcessHandle.current().pid());
    assertThat(s.node().dataDir()).isEqualTo(Path.of("data"));
    assertThat(s.http().port()).isEqualTo(8080);
    assertThat(s.http().publicUrl()).isEqualTo("http://127.0.0.1:8080");
    assertThat(s.db().host()).isEmpty();
    assertThat(s.db().embeddedDir()).isEqualTo(Path.of("data/pg"));
    assertThat(s.auth().session()).isEqualTo(Duration.ofHours(12));
    assertThat(s.auth().jwtPrivateKey()).isEmpty();
    assertThat(s.auth().limits().signUpPerAddress().max()).isEqualTo(20);
    assertThat(s.api().subscriptionsPerSocket()).isEqualTo(20);
    assertThat(s.api().answersPerAccountPerMinute()).isEqualTo(600);
    assertThat(s.auth().mail().smtpHost()).isEmpty();
    assertThat(s.auth().mail().directory()).isEqualTo(Path.of("data/mail"));
    assertThat(s.relay().requestTimeoutMs()).isEqualTo(3000);
    assertThat(s.relay().leaseSeconds()).isEqualTo(11.0);
    assertThat(s.sink().batch()).isEqualTo(64);
    assertThat(s.http().trustedProxies()).isEmpty();
    assertThat(s.http().httpsPublicUrl()).isFalse();
    assertThat(s.developerTools()).isEqualTo(new DeveloperTools(false, false));
  }

  @Test
  void trustedProxiesAreIpAddressesAndAnHttpsPublicUrlIsRecognised() {
    UserNodeSettings s = UserNodeSettings.from(new Settings(new JsonObject()
        .put("http.trusted-proxies", " 10.0.0.5, 0:0:0:0:0:0:0:1 ,")
        .put("http.public-url", "HTTPS://bastion.example")));
    assertThat(s.http().trustedProxies()).containsExactlyInAnyOrder("10.0.0.5", "::1");
    assertThat(s.http().httpsPublicUrl()).isTrue();
    assertThatThrownBy(() -> UserNodeSettings.from(new Settings(new JsonObject()
        .put("http.trusted-proxies", "proxy.example"))))
        .hasMessage("setting http.trusted-proxies must list IP addresses separated by commas, got 'proxy.example'");
  }

  @Test
  void theDeploymentConfigUsesTheKeysOfTheFile() throws Exception {
    UserNodeSettings s = await(UserNodeSettings.load(vertx, new JsonObject()
        .put("node.name", "user-7").put("http.port", 0).put("http.public-url", "https://bastion.example")
        .put("mail.smtp.host", "smtp.example").put("mail.smtp.starttls", "disabled")
        .put("auth.limit.signup-per-ip", 1000).put("relay.max-in-flight", 8)));
    assertThat(s.node().name()).isEqualTo("user-7");
    assertThat(s.http().port()).isZero();
    assertThat(s.http().publicUrl()).isEqualTo("https://bastion.example");
    assertThat(s.auth().mail().smtpHost()).contains("smtp.example");
    assertThat(s.auth().mail().starttls()).isEqualTo(StartTLSOptions.DISABLED);
    assertThat(s.auth().limits().signUpPerAddress().max()).isEqualTo(1000);
    assertThat(s.relay().maxInFlight()).isEqualTo(8);
  }

  @Test
  void trustedOriginsAreBareOriginsAndThePublicUrlFollowsAPickedPort() {
    UserNodeSettings s = UserNodeSettings.from(new Settings(new JsonObject().put("http.port", 0)
        .put("http.trusted-origins", " https://Bastion.Example:443/, http://127.0.0.1:8081 ,")));
    assertThat(s.http().trustedOrigins()).containsExactly("https://bastion.example", "http://127.0.0.1:8081");
    assertThat(s.http().publicUrl(40123)).isEqualTo("http://127.0.0.1:40123");
    UserNodeSettings elsewhere = UserNodeSettings.from(new Settings(new JsonObject().put("http.host", "10.0.0.5")
        .put("http.port", 0)));
    assertThat(elsewhere.http().publicUrl(40123)).as("a node bound to another address is reached there")
        .isEqualTo("http://10.0.0.5:40123");
    assertThat(UserNodeSettings.from(new Settings(new JsonObject().put("http.host", "0.0.0.0"))).http().publicUrl())
        .as("a wildcard names no address").isEqualTo("http://127.0.0.1:8080");
    assertThat(UserNodeSettings.from(new Settings(new JsonObject())).http().trustedOrigins()).isEmpty();
    for (String bad : List.of("https://bastion.example/app", "ftp://bastion.example", "bastion.example",
        "http://user@bastion.example", "*")) {
      assertThatThrownBy(() -> UserNodeSettings.from(new Settings(new JsonObject().put("http.trusted-origins", bad))))
          .as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http.trusted-origins");
    }
  }

  @Test
  void aBadValueFailsTheDeploymentNamingTheKeyAndTheValue() {
    assertThatThrownBy(() -> await(vertx.deployVerticle(new UserVerticle(),
        new DeploymentOptions().setConfig(new JsonObject().put("http.port", "eighty")))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("setting http.port must be a whole number, got 'eighty'");
    assertThatThrownBy(() -> await(vertx.deployVerticle(new UserVerticle(),
        new DeploymentOptions().setConfig(new JsonObject().put("mail.smtp.starttls", "sometimes")))))
        .hasMessage("setting mail.smtp.starttls must be one of DISABLED, OPTIONAL, REQUIRED, got 'sometimes'");
    assertThatThrownBy(() -> await(vertx.deployVerticle(new UserVerticle(),
        new DeploymentOptions().setConfig(new JsonObject().put("http.prot", 80)))))
        .hasMessageContaining("unknown setting(s) [http.prot]");
  }

  private static <T> T await(Future<T> future) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }
}
