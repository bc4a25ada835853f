package io.bastion.mesh;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A client of the SockJS event bus bridge over its raw WebSocket transport ({@code /eventbus/websocket}): the same
 * bridge protocol frames the browser's vertx-eventbus.js sends, without the SockJS framing.
 */
final class BridgeClient implements AutoCloseable {

  final List<JsonObject> received;
  private final WebSocket socket;
  private final ScheduledExecutorService pinger = Executors.newSingleThreadScheduledExecutor();
  private volatile boolean closed;
  /** The server's close status and reason, once it closed the socket (-1 before). */
  volatile int closeCode = -1;
  volatile String closeReason;

  private BridgeClient(WebSocket socket, List<JsonObject> received) {
    this.socket = socket;
    this.received = received;
    pinger.scheduleAtFixedRate(() -> send(new JsonObject().put("type", "ping")), 5, 5, TimeUnit.SECONDS);
  }

  static BridgeClient connect(int port) {
    List<JsonObject> received = new CopyOnWriteArrayList<>();
    Listener listener = new Listener(received);
    WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
        .connectTimeout(Duration.ofSeconds(5))
        .buildAsync(URI.create("ws://127.0.0.1:" + port + "/eventbus/websocket"), listener)
        .join();
    BridgeClient client = new BridgeClient(ws, received);
    listener.client = client;
    return client;
  }

  void register(String address, String token) {
    JsonObject msg = new JsonObject().put("type", "register").put("address", address);
    if (token != null) {
      msg.put("headers", new JsonObject().put("token", token));
    }
    send(msg);
  }

  void send(JsonObject msg) {
    if (!closed) {
      synchronized (socket) {
        socket.sendText(msg.encode(), true).join();
      }
    }
  }

  /** Messages delivered to an address ("rec" frames). */
  List<JsonObject> bodiesFor(String address) {
    return received.stream()
        .filter(m -> "rec".equals(m.getString("type")) && address.equals(m.getString("address")))
        .map(m -> m.getJsonObject("body"))
        .toList();
  }

  /** Registers the live feed of an assessment, {@code assessments.<id>}. */
  void registerFeed(String assessmentId, String token) {
    register(feed(assessmentId), token);
  }

  static String feed(String assessmentId) {
    return "assessments." + assessmentId;
  }

  /** The reports pushed on an assessment's feed (its answers and presence left out). */
  List<JsonObject> reportsOf(String assessmentId) {
    return eventsOf(assessmentId, "report");
  }

  /** The events of one type ({@code report}, {@code answer}, {@code presence}) pushed on an assessment's feed. */
  List<JsonObject> eventsOf(String assessmentId, String type) {
    return bodiesFor(feed(assessmentId)).stream().filter(b -> type.equals(b.getString("type"))).toList();
  }

  List<JsonObject> errors() {
    return received.stream().filter(m -> "err".equals(m.getString("type"))).toList();
  }

  boolean isClosed() {
    return closed || socket.isInputClosed();
  }

  @Override
  public void close() {
    closed = true;
    pinger.shutdownNow();
    socket.abort();
  }

  private static final class Listener implements WebSocket.Listener {
    volatile BridgeClient client;
    private final List<JsonObject> received;
    private final StringBuilder partial = new StringBuilder();
    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

    Listener(List<JsonObject> received) {
      this.received = received;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        received.add(new JsonObject(text));
      }
      webSocket.request(1);
      return null;
    }

    /** The bridge writes its frames as binary WebSocket messages holding UTF-8 JSON. */
    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
      byte[] bytes = new byte[data.remaining()];
      data.get(bytes);
      binary.write(bytes, 0, bytes.length);
      if (last) {
        received.add(new JsonObject(binary.toString(StandardCharsets.UTF_8)));
        binary.reset();
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      if (client != null) {
        client.closeCode = statusCode;
        client.closeReason = reason;
        client.closed = true;
      }
      return null;
    }
  }
}
