package io.bastion.mesh;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/** A graphql-transport-ws client over a real WebSocket, for GraphQL subscriptions. */
final class GraphQLWsClient implements AutoCloseable {

  final List<JsonObject> received = new CopyOnWriteArrayList<>();
  private final WebSocket socket;
  volatile int closeCode = -1;

  private GraphQLWsClient(int port) {
    this.socket = HttpClient.newHttpClient().newWebSocketBuilder()
        .subprotocols("graphql-transport-ws")
        .connectTimeout(Duration.ofSeconds(5))
        .buildAsync(URI.create("ws://127.0.0.1:" + port + "/graphql"), new Listener())
        .join();
  }

  static GraphQLWsClient connect(int port, String token) {
    GraphQLWsClient client = new GraphQLWsClient(port);
    JsonObject payload = token == null ? new JsonObject() : new JsonObject().put("token", token);
    client.send(new JsonObject().put("type", "connection_init").put("payload", payload));
    return client;
  }

  void subscribe(String id, String query, JsonObject variables) {
    send(new JsonObject().put("id", id).put("type", "subscribe")
        .put("payload", new JsonObject().put("query", query).put("variables", variables)));
  }

  boolean acknowledged() {
    return received.stream().anyMatch(m -> "connection_ack".equals(m.getString("type")));
  }

  List<JsonObject> messages(String id, String type) {
    return received.stream().filter(m -> id.equals(m.getString("id")) && type.equals(m.getString("type"))).toList();
  }

  void send(JsonObject message) {
    synchronized (socket) {
      socket.sendText(message.encode(), true).join();
    }
  }

  @Override
  public void close() {
    socket.abort();
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        received.add(new JsonObject(partial.toString()));
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closeCode = statusCode;
      return null;
    }
  }
}
