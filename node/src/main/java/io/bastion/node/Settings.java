package io.bastion.node;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A node's configuration through vertx-config: the file {@code conf/bastion.json} (or the one named by
 * {@code -Dbastion.config=...}), then the deployment config given with {@code -conf}, then the environment, then
 * system properties. Keys are flat and dotted ({@code http.port}); the environment spells them {@code BASTION_HTTP_PORT}
 * and system properties {@code bastion.http.port}. A later source wins.
 */
public final class Settings {

  public static final String DEFAULT_FILE = "conf/bastion.json";

  private final JsonObject merged;

  public Settings(JsonObject merged) {
    this.merged = merged;
  }

  public static Future<Settings> load(Vertx vertx, JsonObject deploymentConfig) {
    String file = System.getProperty("bastion.config", DEFAULT_FILE);
    ConfigRetrieverOptions options = new ConfigRetrieverOptions()
        .setScanPeriod(0)
        .addStore(new ConfigStoreOptions().setType("file").setFormat("json").setOptional(true)
            .setConfig(new JsonObject().put("path", file)))
        .addStore(new ConfigStoreOptions().setType("json").setConfig(deploymentConfig.copy()))
        .addStore(new ConfigStoreOptions().setType("env"))
        .addStore(new ConfigStoreOptions().setType("sys"));
    ConfigRetriever retriever = ConfigRetriever.create(vertx, options);
    return retriever.getConfig()
        .map(Settings::new)
        .onComplete(ar -> retriever.close());
  }

  /**
   * The same sources without Vert.x, for what must be known before Vert.x starts (cluster TLS): the file, the
   * environment and system properties; {@code -conf} is not read here.
   */
  public static Settings bootstrap() {
    JsonObject merged = new JsonObject();
    Path file = Path.of(System.getProperty("bastion.config", DEFAULT_FILE));
    if (Files.isRegularFile(file)) {
      try {
        merged.mergeIn(new JsonObject(Files.readString(file)));
      } catch (IOException | RuntimeException e) {
        throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
      }
    }
    System.getenv().forEach(merged::put);
    System.getProperties().forEach((k, v) -> merged.put(k.toString(), v.toString()));
    return new Settings(merged);
  }

  /** The value of a dotted key: system property, then environment, then {@code -conf}, then the file. */
  public Object value(String key) {
    Object v = merged.getValue("bastion." + key);
    if (v == null) {
      v = merged.getValue("BASTION_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
    }
    if (v == null) {
      v = merged.getValue(key);
    }
    return v;
  }

  public String string(String key, String fallback) {
    Object v = value(key);
    return v == null || v.toString().isBlank() ? fallback : v.toString();
  }

  public String string(String key) {
    Object v = value(key);
    return v == null || v.toString().isBlank() ? null : v.toString();
  }

  public int integer(String key, int fallback) {
    return Math.toIntExact(longValue(key, fallback));
  }

  public long longValue(String key, long fallback) {
    Object v = value(key);
    if (v == null || v.toString().isBlank()) {
      return fallback;
    }
    if (v instanceof Number n) {
      return n.longValue();
    }
    try {
      return Long.parseLong(v.toString().trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("setting " + key + " must be a whole number, got '" + v + "'");
    }
  }

  public boolean bool(String key, boolean fallback) {
    Object v = value(key);
    if (v == null || v.toString().isBlank()) {
      return fallback;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    return Boolean.parseBoolean(v.toString().trim());
  }

  /** A name for this node in logs and reports: {@code node.name}, else the kind and the process id. */
  public String nodeName(String kind) {
    return string("node.name", kind + "-" + ProcessHandle.current().pid());
  }
}
