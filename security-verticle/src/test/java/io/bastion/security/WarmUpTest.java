package io.bastion.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bastion.node.NodeTls;
import io.bastion.node.NodeWarmUp;
import io.bastion.node.Settings;
import io.bastion.node.TlsSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
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
  void scoresAndShakesHandsWithTheDevelopmentCertificates(@TempDir Path data) throws Exception {
    new WarmUp().run(new Settings(new JsonObject()
        .put("data.dir", data.toString())
        .put("catalogues.dir", CATALOGUES.toString())));
    assertThat(data.resolve("certs")).isDirectoryContaining(p -> p.toString().endsWith(".p12"));
  }

  @Test
  void withTlsOffItOnlyScores(@TempDir Path data) throws Exception {
    new WarmUp().run(new Settings(new JsonObject()
        .put("data.dir", data.toString())
        .put("cluster.tls", "off")
        .put("catalogues.dir", CATALOGUES.toString())));
    assertThat(data.resolve("certs")).doesNotExist();
  }

  @Test
  void shakesHandsOverTheClusterMutualTls(@TempDir Path data) throws Exception {
    EventBusOptions bus = new EventBusOptions();
    TlsSettings.Mode mode = NodeTls.apply(bus,
        TlsSettings.from(new Settings(new JsonObject().put("data.dir", data.toString()))));
    assertThat(mode).as("cluster TLS is on by default").isEqualTo(TlsSettings.Mode.DEV);
    Vertx vertx = Vertx.vertx();
    try {
      WarmUp.Handshake handshake = WarmUp.handshake(vertx, bus).await(30, TimeUnit.SECONDS);
      // A plaintext connection would echo just as well: the handshake itself must have happened, both ways.
      assertThat(handshake.tls()).as("the warm-up connection used TLS").isTrue();
      assertThat(handshake.protocol()).as("negotiated protocol").startsWith("TLSv1.");
      assertThat(handshake.serverSawClientCertificate()).as("the client presented its node certificate").isTrue();
      assertThat(handshake.clientSawServerCertificate()).as("the server presented its node certificate").isTrue();
    } finally {
      vertx.close();
    }
  }

  @Test
  void withoutTlsOptionsTheHandshakeSaysSo() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      WarmUp.Handshake handshake = WarmUp.handshake(vertx, new EventBusOptions()).await(30, TimeUnit.SECONDS);
      assertThat(handshake.tls()).isFalse();
      assertThat(handshake.serverSawClientCertificate()).isFalse();
    } finally {
      vertx.close();
    }
  }

  @Test
  void aHandshakeWithoutTheClientCertificateIsRefused(@TempDir Path data) throws Exception {
    EventBusOptions bus = new EventBusOptions();
    NodeTls.apply(bus, TlsSettings.from(new Settings(new JsonObject().put("data.dir", data.toString()))));
    EventBusOptions anonymous = new EventBusOptions(bus).setKeyCertOptions(null);
    Vertx vertx = Vertx.vertx();
    try {
      NetServer server = vertx.createNetServer(new NetServerOptions(bus.toJson()).setHost("127.0.0.1").setPort(0));
      server.connectHandler(socket -> socket.handler(socket::write)).listen().toCompletionStage()
          .toCompletableFuture().get(30, TimeUnit.SECONDS);
      NetClient client = vertx.createNetClient(new NetClientOptions(anonymous.toJson())
          .setHostnameVerificationAlgorithm(""));
      // The same loopback check as the warm-up, against a server that demands a certificate the client lacks.
      assertThatThrownBy(() -> client.connect(server.actualPort(), "127.0.0.1")
          .compose(socket -> {
            Future<Buffer> echoed = Future.future(p -> {
              socket.handler(p::tryComplete);
              socket.closeHandler(v -> p.tryFail("closed"));
            });
            return socket.write(Buffer.buffer("hello")).compose(v -> echoed);
          })
          .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class);
    } finally {
      vertx.close();
    }
  }

  @Test
  void failsLoudlyWithoutCatalogues(@TempDir Path data) {
    assertThatThrownBy(() -> new WarmUp().run(new Settings(new JsonObject()
        .put("cluster.tls", "off")
        .put("catalogues.dir", data.resolve("missing").toString()))))
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
