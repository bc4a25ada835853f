package io.bastion.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bastion.codecs.Codecs;
import io.bastion.node.Settings;
import io.bastion.node.TlsSettings;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What a security node reads from its settings (sources and spellings: node's SettingsTest). */
class SecurityNodeSettingsTest {

  @Test
  void readsItsNameCataloguesAndClusterTls() {
    SecurityNodeSettings s = SecurityNodeSettings.from(new Settings(new JsonObject()));
    assertThat(s.node().name()).isEqualTo("security-" + ProcessHandle.current().pid());
    assertThat(s.node().cataloguesDir()).isEqualTo(Path.of("conf/catalogues"));
    assertThat(s.clusterTls().mode()).isEqualTo(TlsSettings.Mode.DEV);
    assertThat(SecurityNodeSettings.from(new Settings(new JsonObject().put("node.name", "security-3")))
        .node().name()).isEqualTo("security-3");
  }

  @Test
  void aBadValueFailsTheDeploymentNamingTheKey() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      Codecs.register(vertx);
      assertThatThrownBy(() -> {
        try {
          vertx.deployVerticle(new SecurityVerticle(), new DeploymentOptions()
              .setConfig(new JsonObject().put("catalogues.dir", " "))).toCompletionStage().toCompletableFuture()
              .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          throw e.getCause();
        }
      }).hasMessage("setting catalogues.dir must not be empty, got ''");
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }
}
