package io.bastion.node;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;

/**
 * Run in a child JVM by {@link SettingsTest} (the only way to give a test environment variables): prints the
 * settings as the launcher reads them before Vert.x, then as a verticle reads them with the deployment config given
 * as the first argument, one JSON object a line.
 */
public final class SettingsProbe {

  private SettingsProbe() {
  }

  public static void main(String[] args) throws Exception {
    System.out.println(json(Settings.bootstrap()).encode());
    Vertx vertx = Vertx.vertx();
    try {
      Settings loaded = Settings.load(vertx, new JsonObject(args[0]))
          .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      System.out.println(json(loaded).encode());
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  private static JsonObject json(Settings settings) {
    JsonObject values = new JsonObject();
    Settings.keys().forEach(key -> values.put(key, settings.string(key)));
    return values;
  }
}
