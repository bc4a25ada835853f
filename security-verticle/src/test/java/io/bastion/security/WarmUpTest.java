package io.bastion.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bastion.node.NodeWarmUp;
import io.bastion.node.Settings;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The warm-up a security node runs while it joins the cluster (see {@link WarmUp}). */
class WarmUpTest {

  private static final Path CATALOGUES = root().resolve("conf/catalogues");

  @Test
  void theLauncherFindsIt() {
    assertThat(ServiceLoader.load(NodeWarmUp.class).stream().map(ServiceLoader.Provider::type))
        .contains(WarmUp.class);
  }

  @Test
  void scoresAndShakesHandsOverTheClusterMutualTls(@TempDir Path data) throws Exception {
    new WarmUp().run(new Settings(new JsonObject()
        .put("bastion.data.dir", data.toString())
        .put("bastion.catalogues.dir", CATALOGUES.toString())));
    // The handshake used the development certificates, made for it as a node would make them.
    assertThat(data.resolve("certs")).isDirectory();
    assertThat(Files.list(data.resolve("certs"))).isNotEmpty();
  }

  @Test
  void withTlsOffItOnlyScores(@TempDir Path data) throws Exception {
    new WarmUp().run(new Settings(new JsonObject()
        .put("bastion.data.dir", data.toString())
        .put("bastion.cluster.tls", "off")
        .put("bastion.catalogues.dir", CATALOGUES.toString())));
    assertThat(data.resolve("certs")).doesNotExist();
  }

  @Test
  void failsLoudlyWithoutCatalogues(@TempDir Path data) {
    assertThatThrownBy(() -> new WarmUp().run(new Settings(new JsonObject()
        .put("bastion.cluster.tls", "off")
        .put("bastion.catalogues.dir", data.resolve("missing").toString()))))
        .isInstanceOf(Exception.class);
  }

  private static Path root() {
    Path p = Path.of("").toAbsolutePath();
    while (!Files.isDirectory(p.resolve("conf/catalogues"))) {
      p = p.getParent();
    }
    return p;
  }
}
