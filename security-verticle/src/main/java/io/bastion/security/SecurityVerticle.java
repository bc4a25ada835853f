package io.bastion.security;

import io.bastion.catalogue.Catalogue;
import io.bastion.catalogue.CatalogueLoader;
import io.bastion.catalogue.Catalogues;
import io.bastion.codecs.Addresses;
import io.bastion.codecs.AnswerEvent;
import io.bastion.codecs.Codecs;
import io.bastion.codecs.ReportEvent;
import io.bastion.node.WarmUps;
import io.bastion.node.health.ManagementServer;
import io.bastion.node.health.Readiness;
import io.bastion.security.scoring.Scorer;
import io.bastion.security.scoring.WhatIf;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The security service: consumes AnswerEvents point-to-point (any number of these nodes share the load), scores
 * each against the catalogue version its assessment was started with, and replies with the ReportEvent. It keeps
 * no state between messages, so a node can be added or killed at any time.
 */
public class SecurityVerticle extends VerticleBase {

  /** Reply failure codes, seen by the outbox relay. */
  public static final int UNKNOWN_CATALOGUE = 404;
  public static final int BAD_EVENT = 400;
  public static final int FAILED = 500;
  /** A what-if refused because this node computes as many as it takes at once. */
  public static final int BUSY = 503;
  static final int MAX_WHAT_IFS = 2;

  private static final Logger LOG = LoggerFactory.getLogger(SecurityVerticle.class);
  /** Time to score one AnswerEvent (reports that were computed; refusals are not timed). */
  private static final Timer SCORING = Timer.builder("bastion.scoring")
      .description("time to score one AnswerEvent into a report")
      .publishPercentiles(0.5, 0.99)
      .register(Metrics.globalRegistry);

  private Catalogues catalogues;
  private String nodeName;
  private MessageConsumer<AnswerEvent> consumer;
  private MessageConsumer<Object> whatIfConsumer;
  private final java.util.concurrent.atomic.AtomicInteger whatIfsRunning = new java.util.concurrent.atomic.AtomicInteger();
  private Readiness readiness;
  /** When this instance began to take work, until its first message (how long a new node waits for work). */
  private long registeredAt;

  @Override
  public Future<?> start() {
    return Codecs.verifyContract(vertx)
        .compose(v -> SecurityNodeSettings.load(vertx, config()))
        .compose(settings -> {
          nodeName = settings.node().name();
          readiness = readiness();
          Path dir = settings.node().cataloguesDir();
          Future<Catalogues> loaded = vertx.executeBlocking(() -> CatalogueLoader.loadDirectory(dir));
          // The probe answers 503 until this start is over; a port it cannot bind fails the start. /metrics is
          // there from the start.
          return Future.all(loaded, ManagementServer.start(vertx, settings.probe(), readiness, nodeName))
              .map(v -> loaded.result());
        })
        .compose(loaded -> {
          catalogues = loaded;
          // Cold paths ran while the node joined (see WarmUp): no AnswerEvent queues behind them.
          return WarmUps.finished(vertx);
        })
        .compose(v -> register())
        .onSuccess(v -> {
          registeredAt = System.nanoTime();
          LiteMemberRecovery.watch(vertx, this::register);
          readiness.started();
          LOG.info("{} scoring {} catalogue version(s) on {}", nodeName, catalogues.all().size(), Addresses.ANSWERS);
          // The same check as the user nodes': a text a translation lacks is shown in English.
          catalogues.missingTexts().forEach(m -> LOG.warn("translation incomplete, English shown instead: {}",
              m.describe(5)));
        });
  }

  /** Ready when the catalogues are loaded and this node takes AnswerEvents (and, as every node, is in the cluster). */
  private Readiness readiness() {
    return new Readiness(vertx, nodeName)
        .check("catalogues", promise -> promise.complete(catalogues == null ? Status.KO()
            : Status.OK(new JsonObject().put("versions", catalogues.all().size()))))
        .check("consumer", promise -> promise.complete(new Status()
            .setOk(consumer != null && consumer.isRegistered())
            .setData(new JsonObject().put("address", Addresses.ANSWERS))));
  }

  /** Registers the consumers, then drops the previous registrations if any, so that there is never a gap. */
  private Future<Void> register() {
    MessageConsumer<AnswerEvent> previous = consumer;
    MessageConsumer<AnswerEvent> fresh = vertx.eventBus().consumer(Addresses.ANSWERS, this::score);
    MessageConsumer<Object> previousWhatIf = whatIfConsumer;
    MessageConsumer<Object> freshWhatIf = vertx.eventBus().consumer(Addresses.WHAT_IF, this::whatIf);
    return Future.all(fresh.completion(), freshWhatIf.completion()).compose(v -> {
      consumer = fresh;
      whatIfConsumer = freshWhatIf;
      return Future.all(previous == null ? Future.succeededFuture() : previous.unregister(),
          previousWhatIf == null ? Future.succeededFuture() : previousWhatIf.unregister()).<Void>mapEmpty();
    });
  }

  /**
   * A what-if request: checked (a user node's JSON is not trusted without proof), then computed on a worker
   * thread (each finding is a scoring of its own: about a hundred scorings for CSF 2.0), and replied.
   */
  private void whatIf(Message<Object> message) {
    if (!(message.body() instanceof JsonObject body) || !(body.getValue("catalogueId") instanceof String id)
        || !(body.getValue("catalogueVersion") instanceof String version)
        || !(body.getValue("answers") instanceof JsonObject answers)) {
      message.fail(BAD_EVENT, "a what-if request is {catalogueId, catalogueVersion, answers}");
      return;
    }
    Catalogue catalogue = catalogues.get(id, version).orElse(null);
    if (catalogue == null) {
      message.fail(UNKNOWN_CATALOGUE, "catalogue " + id + " version " + version + " is not loaded on " + nodeName);
      return;
    }
    Map<String, String> values = new HashMap<>();
    for (Map.Entry<String, Object> e : answers) {
      if (!(e.getValue() instanceof String value) || catalogue.question(e.getKey()).isEmpty()) {
        message.fail(BAD_EVENT, "answers: question ids of the catalogue with string values");
        return;
      }
      values.put(e.getKey(), value);
    }
    // A bound on what-ifs computing at once: answers to score come first; a refused one is UNAVAILABLE there.
    if (whatIfsRunning.incrementAndGet() > MAX_WHAT_IFS) {
      whatIfsRunning.decrementAndGet();
      message.fail(BUSY, "what-if: " + nodeName + " is busy");
      return;
    }
    vertx.executeBlocking(() -> WhatIf.reply(catalogue, values), false)
        .onComplete(done -> whatIfsRunning.decrementAndGet())
        .onSuccess(message::reply)
        .onFailure(e -> {
          LOG.error("what-if failed for catalogue {} version {}", id, version, e);
          message.fail(FAILED, "what-if failed on " + nodeName);
        });
  }

  private void score(Message<AnswerEvent> message) {
    long arrived = System.nanoTime();
    scoreAndReply(message);
    if (registeredAt != 0) {
      LOG.info("{} took its first AnswerEvent {} ms after registering and answered it in {} ms", nodeName,
          (arrived - registeredAt) / 1_000_000, (System.nanoTime() - arrived) / 1_000_000);
      registeredAt = 0;
    }
  }

  private void scoreAndReply(Message<AnswerEvent> message) {
    AnswerEvent event;
    try {
      event = message.body();
    } catch (RuntimeException e) {
      // An undecodable message (codec mismatch) is refused loudly so that the sender retries elsewhere.
      LOG.error("refusing a message on {}: {}", Addresses.ANSWERS, e.getMessage());
      message.fail(BAD_EVENT, "undecodable AnswerEvent: " + e.getMessage());
      return;
    }
    Catalogue catalogue = catalogues.get(event.catalogueId(), event.catalogueVersion()).orElse(null);
    if (catalogue == null) {
      LOG.warn("no catalogue {} version {} for assessment {}", event.catalogueId(), event.catalogueVersion(),
          event.assessmentId());
      message.fail(UNKNOWN_CATALOGUE, "catalogue " + event.catalogueId() + " version " + event.catalogueVersion()
          + " is not loaded on " + nodeName);
      return;
    }
    ReportEvent report;
    Timer.Sample scoring = Timer.start();
    try {
      report = Scorer.report(event, catalogue, nodeName, Instant.now());
      scoring.stop(SCORING);
    } catch (IllegalArgumentException e) {
      message.fail(BAD_EVENT, e.getMessage());
      return;
    } catch (RuntimeException e) {
      // Never leave a request unanswered: the relay would only see a timeout.
      LOG.error("scoring failed for assessment {} version {}", event.assessmentId(), event.version(), e);
      message.fail(FAILED, "scoring failed on " + nodeName + ": " + e);
      return;
    }
    message.reply(report);
  }
}
