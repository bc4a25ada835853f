package io.bastion.user.testing;

import io.bastion.codecs.Addresses;
import io.bastion.codecs.AnswerEvent;
import io.bastion.codecs.ReportEvent;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Plays the security node's part of the bus contract in the test's JVM: takes AnswerEvents on
 * {@link Addresses#ANSWERS} and replies with a small ReportEvent (no findings; the score is the number of answers),
 * through the real codecs, so that the user node's relay, sink and publishing run for real. Like a security node,
 * it refuses an event of a catalogue version it does not have (the shipped catalogues) with the failure code
 * {@link #UNKNOWN_CATALOGUE}: a poison event. The scoring itself is tested in security-verticle.
 */
public final class StandInScorer {

  public static final String NAME = "stand-in-scorer";
  /** SecurityVerticle.UNKNOWN_CATALOGUE. */
  public static final int UNKNOWN_CATALOGUE = 404;

  private StandInScorer() {
  }

  /** Starts answering on this Vert.x (AnswerEvents and what-if requests); returns once both are registered. */
  public static MessageConsumer<AnswerEvent> register(Vertx vertx) {
    MessageConsumer<AnswerEvent> consumer = vertx.eventBus().consumer(Addresses.ANSWERS, StandInScorer::score);
    MessageConsumer<Object> whatIf = vertx.eventBus().consumer(Addresses.WHAT_IF, StandInScorer::whatIf);
    try {
      consumer.completion().await(10, TimeUnit.SECONDS);
      whatIf.completion().await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("stand-in scorer did not register: " + e, e);
    }
    return consumer;
  }

  /**
   * As {@link #register(Vertx)}, but never replies to the events {@code hangsOn} picks, as a security node whose
   * scoring of them hangs (or dies on them): the relay sees a timeout with a handler registered.
   */
  public static MessageConsumer<AnswerEvent> register(Vertx vertx, Predicate<AnswerEvent> hangsOn) {
    MessageConsumer<AnswerEvent> consumer = vertx.eventBus().consumer(Addresses.ANSWERS, message -> {
      if (!hangsOn.test(message.body())) {
        score(message);
      }
    });
    try {
      consumer.completion().await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("stand-in scorer did not register: " + e, e);
    }
    return consumer;
  }

  private static void score(Message<AnswerEvent> message) {
    AnswerEvent e = message.body();
    if (Fixtures.catalogues().get(e.catalogueId(), e.catalogueVersion()).isEmpty()) {
      message.fail(UNKNOWN_CATALOGUE, "catalogue " + e.catalogueId() + " version " + e.catalogueVersion()
          + " is not loaded on " + NAME);
      return;
    }
    int answered = e.answers().size();
    message.reply(new ReportEvent(e.eventId(), e.accountId(), e.assessmentId(), e.version(), e.catalogueId(),
        e.catalogueVersion(), "stand-in", Math.min(100, answered), 1, "Partial", false, answered, answered, 1.0,
        List.of(), List.of(), List.of(), null, NAME, Instant.now()));
  }

  /**
   * A what-if reply of the security node's shape: one option per question of the catalogue left unanswered, with
   * its best answer, made-up figures (score 50 + its position, gain 1) and Govern's score.
   */
  private static void whatIf(Message<Object> message) {
    io.vertx.core.json.JsonObject request = (io.vertx.core.json.JsonObject) message.body();
    io.bastion.catalogue.Catalogue catalogue = Fixtures.catalogues().get(request.getString("catalogueId"),
        request.getString("catalogueVersion")).orElse(null);
    if (catalogue == null) {
      message.fail(UNKNOWN_CATALOGUE, "unknown catalogue");
      return;
    }
    io.vertx.core.json.JsonArray options = new io.vertx.core.json.JsonArray();
    for (io.bastion.catalogue.Question q : catalogue.questions()) {
      if (request.getJsonObject("answers").containsKey(q.id())) {
        continue;
      }
      io.bastion.catalogue.Option best = q.options().stream()
          .max(java.util.Comparator.comparingDouble(io.bastion.catalogue.Option::score)).orElseThrow();
      options.add(new io.vertx.core.json.JsonObject().put("questionId", q.id()).put("value", best.value())
          .put("score", 50.0 + options.size()).put("gain", 1.0).put("tier", 1).put("tierName", "Partial")
          .put("effort", q.recommendation().effort().code()).put("gainPerEffort", 1.0)
          .put("functions", new io.vertx.core.json.JsonObject().put("GV", 50.0)));
    }
    message.reply(new io.vertx.core.json.JsonObject().put("score", 0.0).put("tier", 1).put("options", options));
  }
}
