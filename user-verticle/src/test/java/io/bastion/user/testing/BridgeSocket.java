package io.bastion.user.testing;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A client of the SockJS event bus bridge over its raw WebSocket transport ({@code /eventbus/websocket}): the
 * bridge frames the browser's vertx-eventbus.js sends ({"type":"register","address":...}), without SockJS's own
 * framing. The bridge answers in binary messages holding UTF-8 JSON; both kinds are collected.
 */
public final class BridgeSocket implements AutoCloseable {

  public final List<JsonObject> received = new CopyOnWriteArrayList<>();
  private final WebSocketClient client;
  private final WebSocket socket;
  private volatile boolean closed;
  private volatile Short closeCode;

  private BridgeSocket(WebSocketClient client, WebSocket socket) {
    this.client = client;
    this.socket = socket;
    socket.textMessageHandler(text -> received.add(new JsonObject(text)));
    socket.binaryMessageHandler(bytes -> received.add(new JsonObject(bytes.toString())));
    socket.closeHandler(v -> {
      closeCode = socket.closeStatusCode();
      closed = true;
    });
  }

  /**
   * Opens the bridge with these request headers (Cookie, Origin). Without an Origin among them none is sent, as
   * from a client that is not a browser (Vert.x's client would otherwise make one up, and drops ours when told
   * not to send one).
   */
  public static BridgeSocket connect(Vertx vertx, int port, MultiMap headers) {
    WebSocketClient client = vertx.createWebSocketClient();
    try {
      WebSocket ws = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
          .setURI("/eventbus/websocket").setAllowOriginHeader(headers.contains("Origin")).setHeaders(headers))
          .await(10, TimeUnit.SECONDS);
      return new BridgeSocket(client, ws);
    } catch (Exception e) {
      client.close();
      throw new AssertionError("WebSocket /eventbus/websocket did not open: " + e, e);
    }
  }

  /** The status with which the server refuses to open the bridge with these headers; fails if it opens. */
  public static int refusal(Vertx vertx, int port, MultiMap headers) {
    WebSocketClient client = vertx.createWebSocketClient();
    try {
      client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
          .setURI("/eventbus/websocket").setAllowOriginHeader(headers.contains("Origin")).setHeaders(headers))
          .await(10, TimeUnit.SECONDS);
    } catch (UpgradeRejectedException e) {
      return e.getStatus();
    } catch (Exception e) {
      throw new AssertionError("WebSocket /eventbus/websocket failed otherwise: " + e, e);
    } finally {
      client.close();
    }
    throw new AssertionError("WebSocket /eventbus/websocket opened with " + headers.entries());
  }

  /** A register frame, with the token in its headers when there is one (the page's way besides the cookie). */
  public void register(String address, String token) {
    JsonObject frame = new JsonObject().put("type", "register").put("address", address);
    if (token != null) {
      frame.put("headers", new JsonObject().put("token", token));
    }
    send(frame);
  }

  public void send(JsonObject frame) {
    try {
      socket.writeTextMessage(frame.encode()).await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("could not write to the bridge: " + e, e);
    }
  }

  /** Bodies delivered to an address ("rec" frames). */
  public List<JsonObject> bodiesFor(String address) {
    return received.stream()
        .filter(m -> "rec".equals(m.getString("type")) && address.equals(m.getString("address")))
        .map(m -> m.getJsonObject("body"))
        .toList();
  }

  /** "err" frames: how the bridge says no. */
  public List<JsonObject> errors() {
    return received.stream().filter(m -> "err".equals(m.getString("type"))).toList();
  }

  public boolean isClosed() {
    return closed;
  }

  /** The status code of the server's close frame, once closed (null before, or without one). */
  public Short closeCode() {
    return closeCode;
  }

  /** The reason of the server's close frame, once closed. */
  public String closeReason() {
    return socket.closeReason();
  }

  @Override
  public void close() {
    socket.close();
    client.close();
  }
}
