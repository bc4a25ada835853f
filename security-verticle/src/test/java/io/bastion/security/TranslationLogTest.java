package io.bastion.security;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.hazelcast.config.Config;
import com.hazelcast.config.XmlConfigBuilder;
import io.bastion.codecs.Codecs;
import io.bastion.node.mesh.Ports;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A security node that loads a catalogue translation lacking texts says so at start, in one WARN line per catalogue
 * and language, as user nodes do (the catalogue directory is the same for both).
 */
class TranslationLogTest {

  private static final Path ROOT = root();
  private Vertx vertx;

  @AfterEach
  void tearDown() throws Exception {
    if (vertx != null) {
      get(vertx.close());
    }
  }

  @Test
  void aTranslationLackingTextsIsOneWarnLine(@TempDir Path dir) throws Exception {
    Files.copy(ROOT.resolve("docs/examples/example.yaml"), dir.resolve("example.yaml"));
    Files.writeString(dir.resolve("example.de.yaml"), """
        translation: example
        version: "1"
        language: de
        title: Beispiel
        """);
    vertx = get(Vertx.builder().withClusterManager(new HazelcastClusterManager(cluster())).buildClustered());
    Codecs.register(vertx);
    Logger logger = (Logger) LoggerFactory.getLogger(SecurityVerticle.class);
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    logger.addAppender(log);
    try {
      get(vertx.deployVerticle(new SecurityVerticle(), new DeploymentOptions().setConfig(new JsonObject()
          .put("management.port", Ports.free())
          .put("node.name", "security-translation")
          .put("catalogues.dir", dir.toString()))));
    } finally {
      logger.detachAppender(log);
    }
    assertThat(log.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage))
        .singleElement().asString()
        .startsWith("translation incomplete, English shown instead: example@")
        .contains(" de: ", " texts missing: description, ", ", and ")
        .endsWith(" more");
  }

  /** The nodes' own cluster.xml, for a cluster of one on loopback. */
  private static Config cluster() throws Exception {
    Properties p = new Properties();
    p.setProperty("bastion.cluster.name", "translation-" + UUID.randomUUID());
    p.setProperty("bastion.cluster.port", Integer.toString(Ports.free()));
    p.setProperty("bastion.cluster.members", "127.0.0.1");
    p.setProperty("bastion.cluster.interface", "127.0.0.1");
    p.setProperty("bastion.cluster.lite", "false");
    return new XmlConfigBuilder(ROOT.resolve("conf/cluster.xml").toString()).setProperties(p).build();
  }

  private static <T> T get(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  private static Path root() {
    Path p = Path.of("").toAbsolutePath();
    while (!Files.isDirectory(p.resolve("conf/catalogues"))) {
      p = p.getParent();
    }
    return p;
  }
}
