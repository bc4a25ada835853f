package io.bastion.user.testing;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A graphql-transport-ws client on a real WebSocket to {@code /graphql}, for GraphQL subscriptions. */
public final class GraphQLWsClient implements AutoCloseable {

  public final List<JsonObject> received = new CopyOnWriteArrayList<>();
  private final WebSocketClient client;
  private final WebSocket socket;
  private volatile Short closeCode;

  private GraphQLWsClient(WebSocketClient client, WebSocket socket) {
    this.client = client;
    this.socket = socket;
    socket.textMessageHandler(text -> received.add(new JsonObject(text)));
    socket.closeHandler(v -> closeCode = socket.closeStatusCode() == null ? -1 : socket.closeStatusCode());
  }

  /** Opens the socket and sends connection_init with this payload ({"token": ...}, or {} for none). */
  public static GraphQLWsClient connect(Vertx vertx, int port, JsonObject initPayload) {
    return connect(vertx, port, initPayload, MultiMap.caseInsensitiveMultiMap());
  }

  /** As {@link #connect(Vertx, int, JsonObject)}, with these headers on the upgrade request (Accept-Language...). */
  public static GraphQLWsClient connect(Vertx vertx, int port, JsonObject initPayload, MultiMap headers) {
    WebSocketClient client = vertx.createWebSocketClient();
    try {
      WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
          .setURI("/graphql").addSubProtocol("graphql-transport-ws");
      headers.forEach(options::addHeader);
      WebSocket ws = client.connect(options).await(10, TimeUnit.SECONDS);
      GraphQLWsClient c = new GraphQLWsClient(client, ws);
      c.send(new JsonObject().put("type", "connection_init").put("payload", initPayload));
      return c;
    } catch (Exception e) {
      client.close();
      throw new AssertionError("WebSocket /graphql did not open: " + e, e);
    }
  }

  public static GraphQLWsClient connect(Vertx vertx, int port, String token) {
    return connect(vertx, port, token == null ? new JsonObject() : new JsonObject().put("token", token));
  }

  public void subscribe(String id, String query, JsonObject variables) {
    send(new JsonObject().put("id", id).put("type", "subscribe")
        .put("payload", new JsonObject().put("query", query).put("variables", variables)));
  }

  public boolean acknowledged() {
    return received.stream().anyMatch(m -> "connection_ack".equals(m.getString("type")));
  }

  /** The messages of one operation of one type (next, error, complete). */
  public List<JsonObject> messages(String id, String type) {
    return received.stream().filter(m -> id.equals(m.getString("id")) && type.equals(m.getString("type"))).toList();
  }

  /** The close status the server sent, or null while the socket is open. */
  public Short closeCode() {
    return closeCode;
  }

  public void send(JsonObject message) {
    try {
      socket.writeTextMessage(message.encode()).await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("could not write to /graphql: " + e, e);
    }
  }

  @Override
  public void close() {
    socket.close();
    client.close();
  }
}
