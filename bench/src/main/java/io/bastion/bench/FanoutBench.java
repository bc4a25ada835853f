package io.bastion.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The fan-out phase: N raw SockJS websockets on one user node, all registered on ONE assessment's feed (one
 * account, many sockets: a team watching one assessment), then R answers one after the other; for each, the time
 * from sending the answer mutation until the first and until the last socket has a report of that version. Each
 * answer waits until every socket has its report (or 30 s). A socket that never gets a report within 30 s counts as
 * lost, once per report. Frames are read with {@link #reportVersion} (a byte search, no JSON parse) so that the
 * generator's own cost for 1,000 sockets stays small. Runs on one Vert.x event loop: no locks.
 */
final class FanoutBench {

  /** How long a socket may take to get a report before it counts as lost. */
  static final long LOST_AFTER_NANOS = TimeUnit.SECONDS.toNanos(30);

  private final Vertx vertx;
  private final int socketCount;
  private final int reports;
  private final String host;
  private final int port;
  private final HttpClientAgent http;
  private final WebSocketClient ws;
  private final List<WebSocket> sockets = new ArrayList<>();
  private final List<Long> timers = new ArrayList<>();
  /** Per socket: the highest report version it received; and whether it received anything at all. */
  private long[] seenVersion;
  private boolean[] heard;
  private String token;
  private String assessmentId;
  private String questionId;
  private List<String> values;
  private int answered;

  /** The current answer's state: the version awaited, when it was sent, how many sockets have it. */
  private long awaited = Long.MAX_VALUE;
  private long sentNanos;
  private long firstNanos;
  private long lastNanos;
  private int arrived;
  private Promise<Void> allArrived;

  FanoutBench(Vertx vertx, String url, int sockets, int reports) {
    this.vertx = vertx;
    this.socketCount = sockets;
    this.reports = reports;
    URI uri = URI.create(url);
    this.host = uri.getHost();
    this.port = uri.getPort();
    this.http = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(host).setDefaultPort(port)
        .setKeepAlive(true), new PoolOptions().setHttp1MaxSize(8));
    // The default caps websockets per endpoint at 50 (the rest wait in line).
    this.ws = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(sockets + 10));
  }

  /** Sets up, runs the R answers, closes the sockets; the figures as results.json's {@code fanout}. */
  Future<JsonObject> run() {
    seenVersion = new long[socketCount];
    heard = new boolean[socketCount];
    Histogram last = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
    Histogram first = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
    // Last minus first socket: the fan-out alone, without the answer-to-report path before it.
    Histogram spread = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
    long[] lost = {0};
    return setUp()
        .compose(v -> LoadGenerator.sequentially(reports, i -> answerOnce().map(missing -> {
          lost[0] += missing;
          if (missing == 0) {
            last.recordValue(Math.max(1, (lastNanos - sentNanos) / 1000));
            spread.recordValue(Math.max(1, (lastNanos - firstNanos) / 1000));
          }
          first.recordValue(Math.max(1, (firstNanos - sentNanos) / 1000));
          return null;
        })))
        .map(v -> new JsonObject()
            .put("sockets", socketCount)
            .put("reports", reports)
            .put("lastP50Ms", ms(last.getValueAtPercentile(50)))
            .put("lastP99Ms", ms(last.getValueAtPercentile(99)))
            .put("lastMaxMs", ms(last.getMaxValue()))
            .put("firstP50Ms", ms(first.getValueAtPercentile(50)))
            .put("spreadP50Ms", ms(spread.getValueAtPercentile(50)))
            .put("spreadP99Ms", ms(spread.getValueAtPercentile(99)))
            .put("lost", lost[0]))
        .eventually(this::close);
  }

  private Future<Void> setUp() {
    String email = "fanout-" + System.currentTimeMillis() + "@example.com";
    return gql(null, "mutation($e: String!, $p: String!) { signUp(email: $e, password: $p) { token } }",
        new JsonObject().put("e", email).put("p", "a benchmark passphrase"))
        .compose(d -> {
          token = d.getJsonObject("signUp").getString("token");
          return gql(token, "mutation { startAssessment(catalogueId: \"baseline\") { id } }", new JsonObject());
        })
        .compose(d -> {
          assessmentId = d.getJsonObject("startAssessment").getString("id");
          return gql(token, "{ catalogues { id questions { id choices { value } showIf { questionId } } } }",
              new JsonObject());
        })
        .compose(d -> {
          JsonObject baseline = d.getJsonArray("catalogues").stream().map(JsonObject.class::cast)
              .filter(c -> c.getString("id").equals("baseline")).findFirst().orElseThrow();
          for (Object o : baseline.getJsonArray("questions")) {
            JsonObject q = (JsonObject) o;
            if (q.getValue("showIf") == null && q.getJsonArray("choices").size() > 1) {
              questionId = q.getString("id");
              values = q.getJsonArray("choices").stream().map(c -> ((JsonObject) c).getString("value")).toList();
              break;
            }
          }
          return LoadGenerator.sequentially(socketCount, this::connect);
        })
        .compose(v -> everySocketHeard());
  }

  /** One socket, registered on the assessment's feed with the account's token; pings keep it open. */
  private Future<Void> connect(int index) {
    return ws.connect(new WebSocketConnectOptions().setHost(host).setPort(port).setURI("/eventbus/websocket")
        .setAllowOriginHeader(false))
        .map(socket -> {
          sockets.add(socket);
          socket.handler(frame -> onFrame(index, frame));
          socket.writeTextMessage(new JsonObject().put("type", "register")
              .put("address", "assessments." + assessmentId)
              .put("headers", new JsonObject().put("token", token)).encode());
          return null;
        });
  }

  /**
   * A socket is registered once a frame of the feed reached it: the node publishes its presence on the feed every
   * second while anyone views it, so each registered socket hears something within about a second.
   */
  private Future<Void> everySocketHeard() {
    timers.add(vertx.setPeriodic(5_000, t -> sockets.forEach(s -> s.writeTextMessage("{\"type\":\"ping\"}"))));
    Promise<Void> done = Promise.promise();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    vertx.setPeriodic(50, id -> {
      int count = 0;
      for (boolean h : heard) {
        count += h ? 1 : 0;
      }
      if (count == socketCount) {
        vertx.cancelTimer(id);
        done.tryComplete();
      } else if (System.nanoTime() > deadline) {
        vertx.cancelTimer(id);
        done.tryFail("only " + count + " of " + socketCount + " fan-out sockets were registered within 60 s");
      }
    });
    return done.future();
  }

  private void onFrame(int index, Buffer frame) {
    heard[index] = true;
    long version = reportVersion(frame.getBytes());
    if (version <= seenVersion[index]) {
      return;
    }
    boolean before = seenVersion[index] >= awaited;
    seenVersion[index] = version;
    if (!before && version >= awaited) {
      long now = System.nanoTime();
      if (arrived++ == 0) {
        firstNanos = now;
      }
      lastNanos = now;
      if (arrived == socketCount && allArrived != null) {
        allArrived.tryComplete();
      }
    }
  }

  /** One answer; completes with the number of sockets that did not get its report within 30 s. */
  private Future<Integer> answerOnce() {
    String value = values.get(answered++ % values.size());
    arrived = 0;
    allArrived = Promise.promise();
    sentNanos = System.nanoTime();
    Promise<Void> waiting = allArrived;
    long timer = vertx.setTimer(TimeUnit.NANOSECONDS.toMillis(LOST_AFTER_NANOS), t -> waiting.tryComplete());
    return gql(token, "mutation($a: ID!, $q: ID!, $v: String!) { answer(assessmentId: $a, questionId: $q, value: $v) "
        + "{ version } }", new JsonObject().put("a", assessmentId).put("q", questionId).put("v", value))
        .compose(d -> {
          awaited = d.getJsonObject("answer").getLong("version");
          // Reports that overtook the reply.
          for (long v : seenVersion) {
            if (v >= awaited && arrived++ == 0) {
              firstNanos = System.nanoTime();
            }
          }
          lastNanos = arrived > 0 ? System.nanoTime() : lastNanos;
          if (arrived == socketCount) {
            waiting.tryComplete();
          }
          return waiting.future();
        })
        .map(v -> {
          vertx.cancelTimer(timer);
          int missing = socketCount - arrived;
          awaited = Long.MAX_VALUE;
          return missing;
        });
  }

  private static final byte[] TYPE_REPORT = "type\":\"report\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] TYPE_REPORT_ESCAPED = "type\\\":\\\"report\\\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] VERSION = "\"version\":".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] VERSION_ESCAPED = "\"version\\\":".getBytes(StandardCharsets.US_ASCII);

  /**
   * The version of the report a bridge frame carries, or -1 when it carries something else (an answer or presence
   * event, a pong). Reads bytes only: finds {@code "type":"report"} and the top-level-looking {@code "version":}
   * (the body is an object in the frame, or a JSON string in it, so both plain and escaped forms are looked for;
   * {@code catalogueVersion} does not match, the quote before {@code version} is part of the pattern).
   */
  static long reportVersion(byte[] frame) {
    if (indexOf(frame, TYPE_REPORT, 0) < 0 && indexOf(frame, TYPE_REPORT_ESCAPED, 0) < 0) {
      return -1;
    }
    int at = indexOf(frame, VERSION, 0);
    int end = at < 0 ? -1 : at + VERSION.length;
    if (at < 0) {
      at = indexOf(frame, VERSION_ESCAPED, 0);
      end = at < 0 ? -1 : at + VERSION_ESCAPED.length;
    }
    if (end < 0) {
      return -1;
    }
    long v = 0;
    int digits = 0;
    for (int i = end; i < frame.length && frame[i] >= '0' && frame[i] <= '9'; i++, digits++) {
      v = v * 10 + (frame[i] - '0');
    }
    return digits == 0 ? -1 : v;
  }

  private static int indexOf(byte[] data, byte[] pattern, int from) {
    byte head = pattern[0];
    outer:
    for (int i = from; i <= data.length - pattern.length; i++) {
      if (data[i] != head) {
        continue;
      }
      for (int j = 1; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private Future<Void> close() {
    timers.forEach(vertx::cancelTimer);
    sockets.forEach(WebSocket::close);
    return Future.join(http.close(), ws.close()).mapEmpty();
  }

  private Future<JsonObject> gql(String bearer, String query, JsonObject variables) {
    return LoadGenerator.graphql(http, bearer, query, variables)
        .recover(e -> Future.failedFuture("fan-out: " + e.getMessage()));
  }

  private static double ms(long micros) {
    return LoadGenerator.round(micros / 1000.0);
  }
}
