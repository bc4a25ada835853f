package io.bastion.security;

import io.bastion.catalogue.Catalogue;
import io.bastion.catalogue.CatalogueLoader;
import io.bastion.catalogue.Catalogues;
import io.bastion.catalogue.Question;
import io.bastion.codecs.AnswerEntry;
import io.bastion.codecs.AnswerEvent;
import io.bastion.codecs.AnswerState;
import io.bastion.codecs.Baseline;
import io.bastion.codecs.Codecs;
import io.bastion.codecs.ReportEvent;
import io.bastion.node.NodeTls;
import io.bastion.node.NodeWarmUp;
import io.bastion.node.Settings;
import io.bastion.node.TlsSettings;
import io.bastion.security.scoring.Scorer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a security node's cold paths at launch, while it joins the cluster, before it registers for work. A node
 * that registered cold took its first AnswerEvent ~1.5 s after registering and needed ~470 ms to answer it, while
 * messages queued behind it and some hit the relay's timeout: the mesh's p99 rose to 2 s whenever a security node
 * joined. So: score sample answers of every catalogue version through the wire codecs, and shake hands once over
 * loopback with the event bus's own mutual TLS options (key loading, the TLS engine and its crypto, as server and
 * as client), on a throw-away Vert.x instance (classes and compiled code are shared by the whole JVM).
 */
public final class WarmUp implements NodeWarmUp {

  private static final Logger LOG = LoggerFactory.getLogger(WarmUp.class);
  private static final int ROUNDS = 20;

  @Override
  public void run(Settings settings) throws Exception {
    long start = System.nanoTime();
    SecurityNodeSettings node = SecurityNodeSettings.from(settings);
    Catalogues catalogues = CatalogueLoader.loadDirectory(node.node().cataloguesDir());
    score(catalogues);
    long scored = System.nanoTime();
    EventBusOptions bus = new EventBusOptions();
    if (NodeTls.apply(bus, node.clusterTls()) != TlsSettings.Mode.OFF) {
      Vertx vertx = Vertx.vertx();
      try {
        handshake(vertx, bus).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      } finally {
        vertx.close();
      }
    }
    LOG.info("scoring warmed up in {} ms, TLS in {} ms", (scored - start) / 1_000_000,
        (System.nanoTime() - scored) / 1_000_000);
  }

  private static void score(Catalogues catalogues) {
    MessageCodec<AnswerEvent, AnswerEvent> answers = Codecs.codec(AnswerEvent.class);
    MessageCodec<ReportEvent, ReportEvent> reports = Codecs.codec(ReportEvent.class);
    Random random = new Random(1);
    for (int round = 0; round < ROUNDS; round++) {
      for (Catalogue catalogue : catalogues.all()) {
        Buffer wire = Buffer.buffer();
        answers.encodeToWire(wire, sample(catalogue, random));
        AnswerEvent event = answers.decodeFromWire(0, wire);
        Buffer reply = Buffer.buffer();
        reports.encodeToWire(reply, Scorer.report(event, catalogue, "warm-up", Instant.now()));
        reports.decodeFromWire(0, reply);
      }
    }
  }

  /** A whole answered assessment of {@code catalogue} with a previous version, random but reproducible. */
  public static AnswerEvent sample(Catalogue catalogue, Random random) {
    List<AnswerEntry> now = new ArrayList<>();
    List<AnswerEntry> before = new ArrayList<>();
    for (Question q : catalogue.questions()) {
      List<String> values = q.allowedValues();
      now.add(new AnswerEntry(q.id(), values.get(random.nextInt(values.size()))));
      before.add(new AnswerEntry(q.id(), values.get(random.nextInt(values.size()))));
    }
    return new AnswerEvent(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), 2, AnswerState.UPDATED,
        catalogue.questions().get(0).id(), Instant.now(), Instant.now(), catalogue.id(), catalogue.version(), now,
        new Baseline(1, before));
  }

  /**
   * What one loopback connection negotiated: whether it was TLS, the protocol, and whether each end was shown a
   * certificate by the other (mutual TLS shows both).
   */
  record Handshake(boolean tls, String protocol, boolean serverSawClientCertificate,
      boolean clientSawServerCertificate) {
  }

  /** One TLS connection from this node to itself on loopback, with the event bus's options as both ends use them. */
  static Future<Handshake> handshake(Vertx vertx, EventBusOptions bus) {
    NetServer server = vertx.createNetServer(new NetServerOptions(bus.toJson()).setHost("127.0.0.1").setPort(0));
    NetClient client = vertx.createNetClient(new NetClientOptions(bus.toJson()).setHostnameVerificationAlgorithm(""));
    Promise<Boolean> serverSawClient = Promise.promise();
    return server.connectHandler(socket -> {
          serverSawClient.tryComplete(showsCertificate(socket));
          socket.handler(socket::write);
        })
        .listen()
        .compose(s -> client.connect(s.actualPort(), "127.0.0.1"))
        .compose(socket -> {
          Future<Buffer> echoed = Future.future(p -> socket.handler(p::tryComplete));
          return socket.write(Buffer.buffer("warm-up")).compose(v -> echoed)
              .compose(b -> serverSawClient.future())
              .map(sawClient -> new Handshake(socket.isSsl(),
                  socket.isSsl() ? socket.sslSession().getProtocol() : "none", sawClient, showsCertificate(socket)))
              .compose(h -> socket.close().map(h));
        })
        .eventually(() -> Future.join(client.close(), server.close()));
  }

  private static boolean showsCertificate(NetSocket socket) {
    try {
      return socket.isSsl() && !socket.peerCertificates().isEmpty();
    } catch (SSLPeerUnverifiedException e) {
      return false;
    }
  }
}
