package io.bastion.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * Load over the public protocols only: signs up accounts and starts assessments with GraphQL over HTTP, listens
 * to each account's reports through the SockJS bridge (raw WebSocket transport), then sends {@code answer}
 * mutations at a fixed rate, open loop. The latency of an answer runs from the moment it was due to be sent (so
 * a stalled server cannot hide its stall, "coordinated omission") to the arrival of the first report whose
 * version includes it. An answer whose version never gets such a report within the drain time is lost.
 * Everything runs on one Vert.x event loop: no locks.
 */
public final class LoadGenerator {

  /** How the run is shaped. */
  public record Options(String url, int rate, int durationSeconds, int warmupSeconds, int accounts,
      int assessmentsPerAccount, int drainSeconds, long seed, String catalogue) {

    /** With the baseline catalogue. */
    public Options(String url, int rate, int durationSeconds, int warmupSeconds, int accounts,
        int assessmentsPerAccount, int drainSeconds, long seed) {
      this(url, rate, durationSeconds, warmupSeconds, accounts, assessmentsPerAccount, drainSeconds, seed, "baseline");
    }
  }

  /** What one phase measured. */
  public static final class Phase {
    final Histogram endToEnd = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
    final Histogram mutation = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
    long sent;
    long acknowledged;
    long errors;
    long reports;
    /** Answers due but not sent by the end of the phase (every assessment was busy): the offered load exceeded
     * what the system took; they are dropped, not counted as lost. */
    long backlog;
    long startNanos;
    long endNanos;

    public JsonObject toJson() {
      double seconds = (endNanos - startNanos) / 1e9;
      return new JsonObject()
          .put("seconds", round(seconds))
          .put("sent", sent)
          .put("acknowledged", acknowledged)
          .put("errors", errors)
          .put("reportsReceived", reports)
          .put("notSentBacklog", backlog)
          .put("throughputPerSecond", round(acknowledged / seconds))
          .put("endToEndMs", percentiles(endToEnd))
          .put("mutationMs", percentiles(mutation));
    }
  }

  private record Pending(long version, long dueNanos) {
  }

  private final class Assessment {
    final String id;
    final String token;
    final Map<String, String> values = new HashMap<>();
    final ArrayDeque<Pending> pending = new ArrayDeque<>();
    long reportedVersion;
    boolean busy;

    Assessment(String id, String token) {
      this.id = id;
      this.token = token;
    }
  }

  private record QuestionChoice(String id, List<String> options) {
  }

  private final Vertx vertx;
  private final Options options;
  private final HttpClientAgent http;
  private final WebSocketClient ws;
  private final String host;
  private final int port;
  private final Random random;
  private final List<QuestionChoice> questions = new ArrayList<>();
  private final List<Assessment> assessments = new ArrayList<>();
  private final Map<String, Assessment> byId = new HashMap<>();
  private final ArrayDeque<Assessment> idle = new ArrayDeque<>();
  private final ArrayDeque<Long> queuedDue = new ArrayDeque<>();
  private final List<WebSocket> sockets = new ArrayList<>();
  private final Map<String, Long> firstReportBy = new HashMap<>();
  private final List<Long> timers = new ArrayList<>();
  private Phase phase;
  private boolean closed;
  private Consumer<Frame> reportListener = r -> { };

  public LoadGenerator(Vertx vertx, Options options) {
    this.vertx = vertx;
    this.options = options;
    URI uri = URI.create(options.url());
    this.host = uri.getHost();
    this.port = uri.getPort();
    this.http = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(host).setDefaultPort(port)
        .setKeepAlive(true), new PoolOptions().setHttp1MaxSize(32));
    this.ws = vertx.createWebSocketClient();
    this.random = new Random(options.seed());
  }

  /** Called with every report received (to detect, say, the first report of a new security node). */
  public LoadGenerator onReport(Consumer<Frame> listener) {
    this.reportListener = listener;
    return this;
  }

  /** Accounts, assessments, bridge sockets, and one answer per assessment to check the whole path works. */
  public Future<Void> setUp() {
    // The catalogues need a session: read them with the first account's token.
    return sequentially(options.accounts(), this::account)
        .compose(v -> gql(assessments.get(0).token,
            "{ catalogues { id questions { id choices { value } allowNa showIf { questionId } } } }", new JsonObject()))
        .compose(data -> {
          JsonObject catalogue = data.getJsonArray("catalogues").stream().map(JsonObject.class::cast)
              .filter(c -> c.getString("id").equals(options.catalogue())).findFirst()
              .orElseThrow(() -> new IllegalArgumentException("the mesh has no catalogue " + options.catalogue()));
          for (Object o : catalogue.getJsonArray("questions")) {
            JsonObject q = (JsonObject) o;
            if (q.getValue("showIf") == null) {
              List<String> values = new ArrayList<>();
              q.getJsonArray("choices").forEach(c -> values.add(((JsonObject) c).getString("value")));
              questions.add(new QuestionChoice(q.getString("id"), values));
            }
          }
          return Future.<Void>succeededFuture();
        })
        .compose(v -> {
          Promise<Void> allReported = Promise.promise();
          long firstVersion = 1;
          reportListener = reportListener.andThen(r -> {
            if (assessments.stream().allMatch(a -> a.reportedVersion >= firstVersion)) {
              allReported.tryComplete();
            }
          });
          for (Assessment a : assessments) {
            sendAnswer(a, System.nanoTime(), false);
          }
          vertx.setTimer(60_000, t -> allReported.tryFail("no report for every assessment within 60 s of set-up"));
          return allReported.future();
        });
  }

  private Future<Void> account(int index) {
    String email = "bench-" + options.seed() + "-" + index + "@example.com";
    return gql(null, "mutation($e: String!, $p: String!) { signUp(email: $e, password: $p) "
        + "{ token account { id } } }", new JsonObject().put("e", email).put("p", "a benchmark passphrase"))
        .compose(data -> {
          JsonObject s = data.getJsonObject("signUp");
          String token = s.getString("token");
          String accountId = s.getJsonObject("account").getString("id");
          return bridge()
              .compose(socket -> sequentially(options.assessmentsPerAccount(), i -> gql(token,
                  "mutation($c: ID!) { startAssessment(catalogueId: $c) { id } }",
                  new JsonObject().put("c", options.catalogue()))
                  .map(d -> {
                    Assessment a = new Assessment(d.getJsonObject("startAssessment").getString("id"), token);
                    register(socket, a.id, token);
                    assessments.add(a);
                    byId.put(a.id, a);
                    idle.add(a);
                    return null;
                  })));
        });
  }

  /** One bridge socket per account, registered for the feed of each of its assessments; pings keep it open. */
  private Future<WebSocket> bridge() {
    return ws.connect(new WebSocketConnectOptions().setHost(host).setPort(port).setURI("/eventbus/websocket")
        .setAllowOriginHeader(false)) // not a browser: the token travels in the register headers
        .map(socket -> {
          sockets.add(socket);
          socket.handler(this::onFrame);
          timers.add(vertx.setPeriodic(5_000, t -> socket.writeTextMessage("{\"type\":\"ping\"}")));
          return socket;
        });
  }

  private static void register(WebSocket socket, String assessmentId, String token) {
    socket.writeTextMessage(new JsonObject().put("type", "register").put("address", "assessments." + assessmentId)
        .put("headers", new JsonObject().put("token", token)).encode());
  }

  /** What the generator needs of a bridge frame, read without building the whole report. */
  /** {@code kind}: the body's own type on the feed (report, answer, presence). */
  record Frame(String type, String kind, String assessmentId, long version, String scoredBy) {
  }

  private static final JsonFactory JSON = new JsonFactory();

  static Frame parse(byte[] bytes) throws IOException {
    String type = null;
    String kind = null;
    String assessment = null;
    String scoredBy = null;
    long version = -1;
    try (JsonParser p = JSON.createParser(bytes)) {
      p.nextToken();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        if (field.equals("type")) {
          type = p.getText();
        } else if (field.equals("body") && p.currentToken() == JsonToken.START_OBJECT) {
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            p.nextToken();
            switch (f) {
              case "type" -> kind = p.getText();
              case "assessmentId" -> assessment = p.getText();
              case "version" -> version = p.getLongValue();
              case "scoredBy" -> scoredBy = p.getText();
              default -> p.skipChildren();
            }
          }
        } else {
          p.skipChildren();
        }
      }
    }
    return new Frame(type, kind, assessment, version, scoredBy);
  }

  private void onFrame(Buffer buffer) {
    Frame frame;
    try {
      frame = parse(buffer.getBytes());
    } catch (IOException e) {
      System.err.println("unreadable bridge frame: " + e);
      return;
    }
    if (!"rec".equals(frame.type())) {
      if ("err".equals(frame.type())) {
        System.err.println("bridge error: " + buffer);
      }
      return;
    }
    Assessment a = byId.get(frame.assessmentId());
    if (a == null || !"report".equals(frame.kind())) { // answers and presence share the feed
      return;
    }
    long version = frame.version();
    long now = System.nanoTime();
    if (phase != null) {
      phase.reports++;
    }
    if (frame.scoredBy() != null) {
      firstReportBy.putIfAbsent(frame.scoredBy(), now);
    }
    a.reportedVersion = Math.max(a.reportedVersion, version);
    while (!a.pending.isEmpty() && a.pending.peekFirst().version() <= version) {
      record(a.pending.pollFirst().dueNanos(), now);
    }
    reportListener.accept(frame);
  }

  private void record(long dueNanos, long now) {
    if (phase != null && dueNanos >= phase.startNanos) {
      phase.endToEnd.recordValue(Math.max(1, (now - dueNanos) / 1000));
    }
  }

  /** Runs one open-loop phase at the configured rate; answers due while every assessment is busy wait in line. */
  public Future<Phase> run(int seconds) {
    Phase p = new Phase();
    phase = p;
    p.startNanos = System.nanoTime();
    long intervalNanos = 1_000_000_000L / options.rate();
    long endNanos = p.startNanos + TimeUnit.SECONDS.toNanos(seconds);
    Promise<Phase> done = Promise.promise();
    long[] scheduled = {0};
    long timer = vertx.setPeriodic(1, id -> {
      long now = System.nanoTime();
      long due = Math.min(now, endNanos);
      while (p.startNanos + scheduled[0] * intervalNanos <= due) {
        queuedDue.add(p.startNanos + scheduled[0] * intervalNanos);
        scheduled[0]++;
      }
      dispatchQueued();
      if (now >= endNanos) {
        vertx.cancelTimer(id);
        p.endNanos = endNanos;
        p.backlog = queuedDue.size();
        queuedDue.clear();
        done.complete(p);
      }
    });
    return done.future().onComplete(ar -> vertx.cancelTimer(timer));
  }

  private void dispatchQueued() {
    while (!closed && !queuedDue.isEmpty() && !idle.isEmpty()) {
      Assessment a = idle.poll();
      sendAnswer(a, queuedDue.poll(), true);
    }
  }

  private void sendAnswer(Assessment a, long dueNanos, boolean measured) {
    QuestionChoice q = questions.get(random.nextInt(questions.size()));
    String current = a.values.get(q.id());
    String value;
    do {
      value = q.options().get(random.nextInt(q.options().size()));
    } while (value.equals(current) && q.options().size() > 1);
    a.values.put(q.id(), value);
    a.busy = true;
    Phase p = measured ? phase : null;
    if (p != null) {
      p.sent++;
    }
    long sentAt = System.nanoTime();
    gql(a.token, "mutation($a: ID!, $q: ID!, $v: String!) { answer(assessmentId: $a, questionId: $q, value: $v) "
        + "{ version } }", new JsonObject().put("a", a.id).put("q", q.id()).put("v", value))
        .onComplete(ar -> {
          long now = System.nanoTime();
          a.busy = false;
          idle.add(a);
          if (ar.succeeded()) {
            long version = ar.result().getJsonObject("answer").getLong("version");
            if (p != null) {
              p.acknowledged++;
              p.mutation.recordValue(Math.max(1, (now - sentAt) / 1000));
            }
            if (version <= a.reportedVersion) {
              record(dueNanos, now); // the report overtook the reply
            } else {
              a.pending.add(new Pending(version, dueNanos));
            }
          } else if (p != null) {
            p.errors++;
          }
          dispatchQueued();
        });
  }

  /** Waits until every acknowledged answer is reported, or the drain time is over; returns what was not. */
  public Future<Long> drain() {
    Promise<Long> done = Promise.promise();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.drainSeconds());
    vertx.setPeriodic(100, id -> {
      long missing = assessments.stream().mapToLong(a -> a.pending.size()).sum();
      if ((missing == 0 && queuedDue.isEmpty() && assessments.stream().noneMatch(a -> a.busy))
          || System.nanoTime() > deadline) {
        vertx.cancelTimer(id);
        done.complete(missing + queuedDue.size());
      }
    });
    return done.future();
  }

  /** Nanosecond time of the first report a node scored, or null. */
  public Long firstReportBy(String node) {
    return firstReportBy.get(node);
  }

  public Future<Void> close() {
    closed = true;
    timers.forEach(vertx::cancelTimer);
    sockets.forEach(WebSocket::close);
    return Future.join(http.close(), ws.close()).mapEmpty();
  }

  // ------------------------------------------------------------------ helpers

  private Future<JsonObject> gql(String token, String query, JsonObject variables) {
    return graphql(http, token, query, variables);
  }

  /** One GraphQL request over {@code http}; a response with errors fails with the first error's message. */
  static Future<JsonObject> graphql(HttpClientAgent http, String token, String query, JsonObject variables) {
    RequestOptions req = new RequestOptions().setMethod(HttpMethod.POST).setURI("/graphql")
        .putHeader("Content-Type", "application/json");
    if (token != null) {
      req.putHeader("Authorization", "Bearer " + token);
    }
    Buffer body = new JsonObject().put("query", query).put("variables", variables).toBuffer();
    return http.request(req)
        .compose(r -> r.send(body))
        .compose(resp -> resp.body())
        .compose(buf -> {
          JsonObject json = new JsonObject(buf);
          JsonArray errors = json.getJsonArray("errors");
          if (errors != null && !errors.isEmpty()) {
            return Future.failedFuture(errors.getJsonObject(0).getString("message"));
          }
          return Future.succeededFuture(json.getJsonObject("data"));
        });
  }

  /** Runs {@code step(0..count-1)} one after the other. */
  static Future<Void> sequentially(int count, java.util.function.IntFunction<Future<?>> step) {
    Future<?> f = Future.succeededFuture();
    for (int i = 0; i < count; i++) {
      int index = i;
      f = f.compose(v -> step.apply(index));
    }
    return f.mapEmpty();
  }

  static JsonObject percentiles(Histogram h) {
    return new JsonObject()
        .put("count", h.getTotalCount())
        .put("p50", ms(h.getValueAtPercentile(50)))
        .put("p90", ms(h.getValueAtPercentile(90)))
        .put("p99", ms(h.getValueAtPercentile(99)))
        .put("p999", ms(h.getValueAtPercentile(99.9)))
        .put("max", ms(h.getMaxValue()))
        .put("mean", round(h.getMean() / 1000.0));
  }

  private static double ms(long micros) {
    return round(micros / 1000.0);
  }

  static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  /** Runs a future to completion from a non-Vert.x thread. */
  static <T> T await(Future<T> future, long seconds) throws Exception {
    CompletableFuture<T> cf = future.toCompletionStage().toCompletableFuture();
    return cf.get(seconds, TimeUnit.SECONDS);
  }
}
