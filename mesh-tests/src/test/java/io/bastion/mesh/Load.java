package io.bastion.mesh;

import io.bastion.catalogue.Question;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Steady answers at a fixed rate over a set of assessments, as browsers would send them: each answer goes to one
 * user node, and to the next when that one fails (a client failing over). Only answers a node acknowledged (a
 * version in the reply) are recorded: those are what must never be lost. Failures are counted by their GraphQL
 * error code (or "IO" when no node answered), so a test can tell a retryable outage from a refusal. The
 * assessments are organisations' ({@link #startAssessment}), as teams answer them.
 */
final class Load implements AutoCloseable {

  /** One acknowledged answer: the version the node said it produced. */
  record Ack(String assessment, String question, String value, long version) {
  }

  private final Supplier<List<Api>> nodes;
  private final Map<String, String> tokenOfAssessment;
  private final List<Question> questions;
  private final int perSecond;
  private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
  private final ExecutorService senders = Executors.newFixedThreadPool(24);
  private final ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
  private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger next = new AtomicInteger();
  private final List<String> assessments;

  /** {@code nodes}: the user nodes' APIs now (a test replaces killed nodes), asked at each answer. */
  Load(Supplier<List<Api>> nodes, Map<String, String> tokenOfAssessment, List<Question> questions, int perSecond) {
    this.nodes = nodes;
    this.tokenOfAssessment = Map.copyOf(tokenOfAssessment);
    this.assessments = new ArrayList<>(tokenOfAssessment.keySet());
    this.questions = List.copyOf(questions);
    this.perSecond = perSecond;
  }

  Load start() {
    clock.scheduleAtFixedRate(this::sendOne, 0, 1_000_000 / perSecond, TimeUnit.MICROSECONDS);
    return this;
  }

  private void sendOne() {
    if (inFlight.get() > 200) {
      failures.computeIfAbsent("BACKLOG", k -> new AtomicInteger()).incrementAndGet();
      return; // nodes that do not answer must not pile up threads; the skipped answer was never sent
    }
    inFlight.incrementAndGet();
    Random r = ThreadLocalRandom.current();
    String assessment = assessments.get(r.nextInt(assessments.size()));
    Question q = questions.get(r.nextInt(questions.size()));
    String value = q.allowedValues().get(r.nextInt(q.allowedValues().size()));
    senders.execute(() -> {
      try {
        send(assessment, q.id(), value);
      } finally {
        inFlight.decrementAndGet();
      }
    });
  }

  private void send(String assessment, String question, String value) {
    List<Api> apis = nodes.get();
    int first = next.getAndIncrement();
    for (int i = 0; i < apis.size(); i++) {
      Api api = apis.get(Math.floorMod(first + i, apis.size()));
      String code;
      try {
        Api.Response response = api.answer(tokenOfAssessment.get(assessment), assessment, question, value);
        JsonArray errors = response.body().getJsonArray("errors");
        if (errors == null && response.status() == 200) {
          long version = response.body().getJsonObject("data").getJsonObject("answer").getLong("version");
          acks.add(new Ack(assessment, question, value, version));
          return;
        }
        code = errors == null ? "HTTP " + response.status()
            : errors.getJsonObject(0).getJsonObject("extensions", new JsonObject()).getString("code", "NO CODE");
      } catch (Throwable e) {
        code = "IO";
      }
      failures.computeIfAbsent(code, k -> new AtomicInteger()).incrementAndGet();
    }
  }

  /** Stops sending and waits for the answers already sent. */
  @Override
  public void close() throws InterruptedException {
    clock.shutdownNow();
    clock.awaitTermination(10, TimeUnit.SECONDS);
    senders.shutdown();
    if (!senders.awaitTermination(60, TimeUnit.SECONDS)) {
      senders.shutdownNow();
    }
  }

  List<Ack> acks() {
    return List.copyOf(acks);
  }

  int acknowledged() {
    return acks.size();
  }

  /** Failed attempts by error code ({@code IO}: no answer from that node). */
  Map<String, Integer> failures() {
    Map<String, Integer> copy = new java.util.TreeMap<>();
    failures.forEach((k, v) -> copy.put(k, v.get()));
    return copy;
  }

  int failures(String code) {
    AtomicInteger n = failures.get(code);
    return n == null ? 0 : n.get();
  }

  Map<String, String> tokenOfAssessment() {
    return tokenOfAssessment;
  }

  /** A new organisation with the token's account as its OWNER; its id. */
  static String createOrganisation(Api api, String token, String name) {
    return api.call(token, "mutation($n: String!) { createOrganisation(name: $n) { id } }",
        new JsonObject().put("n", name)).data().getJsonObject("createOrganisation").getString("id");
  }

  /**
   * An assessment of an organisation the token's account belongs to (EDITOR or OWNER): the load answers
   * organisation assessments, as teams do.
   */
  static String startAssessment(Api api, String token, String catalogueId, String organisationId) {
    return api.call(token, "mutation($c: ID!, $o: ID) { startAssessment(catalogueId: $c, organisationId: $o) { id } }",
        new JsonObject().put("c", catalogueId).put("o", organisationId)).data().getJsonObject("startAssessment")
        .getString("id");
  }
}
