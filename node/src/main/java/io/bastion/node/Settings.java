package io.bastion.node;

import io.vertx.config.ConfigRetriever;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A node's settings, read once from every source (see {@link SettingsSources}): one value for each key of
 * {@code conf/bastion.json}. The typed reads have no defaults (those are in the file) and refuse a bad value with
 * a message that names the key and the value, so a node with a wrong setting fails to start. Each node turns this
 * into its own record in one place ({@code UserNodeSettings}, {@code SecurityNodeSettings}, {@link ClusterSettings}).
 */
public final class Settings {

  private final JsonObject values;
  private final Set<String> read = ConcurrentHashMap.newKeySet();

  /**
   * The defaults of {@code conf/bastion.json} with {@code values} (dotted keys, as in the file) over them; for the
   * sources below, and for tests and tools.
   */
  public Settings(JsonObject values) {
    SettingsSources.requireKnownKeys(values, "the settings given");
    this.values = SettingsSources.defaults().mergeIn(values);
  }

  /** For a verticle: every source, the deployment config ({@code config()}) included, through vertx-config. */
  public static Future<Settings> load(Vertx vertx, JsonObject deploymentConfig) {
    ConfigRetriever retriever;
    try {
      retriever = ConfigRetriever.create(vertx, SettingsSources.retrieverOptions(deploymentConfig));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    Path file = SettingsSources.file(System.getenv(), System.getProperties()).path();
    return retriever.getConfig()
        .recover(e -> Future.failedFuture(new IllegalArgumentException("cannot read settings file " + file + ": "
            + e.getMessage(), e)))
        .map(layered -> new Settings(SettingsSources.resolve(layered, file)))
        .onComplete(ar -> retriever.close());
  }

  /** Before Vert.x starts (cluster, TLS, warm-ups): the same sources and rules, without the deployment config. */
  public static Settings bootstrap() {
    return new Settings(SettingsSources.read(System.getenv(), System.getProperties()));
  }

  /** Every key of {@code conf/bastion.json}. */
  public static Set<String> keys() {
    return SettingsSources.keys();
  }

  /** The keys read so far through this object (a test checks that the nodes read every key of the file). */
  public Set<String> keysRead() {
    return Set.copyOf(read);
  }

  public String string(String key) {
    Object v = raw(key);
    return v == null ? "" : v.toString();
  }

  /** A string that must not be empty. */
  public String nonEmpty(String key) {
    String v = string(key).trim();
    if (v.isEmpty()) {
      throw invalid(key, "must not be empty", v);
    }
    return v;
  }

  /** A string where empty means "not set". */
  public Optional<String> optionalString(String key) {
    String v = string(key);
    return v.isBlank() ? Optional.empty() : Optional.of(v);
  }

  public Path path(String key) {
    return Path.of(nonEmpty(key));
  }

  public Optional<Path> optionalPath(String key) {
    return optionalString(key).map(v -> Path.of(v.trim()));
  }

  public int integer(String key, int min, int max) {
    long v = longValue(key, min, max);
    return (int) v;
  }

  public long longValue(String key, long min, long max) {
    Object raw = raw(key);
    long v;
    if (raw instanceof Integer || raw instanceof Long || raw instanceof Short || raw instanceof Byte) {
      v = ((Number) raw).longValue();
    } else {
      try {
        v = Long.parseLong(String.valueOf(raw).trim());
      } catch (NumberFormatException e) {
        throw invalid(key, "must be a whole number", raw);
      }
    }
    if (v < min || v > max) {
      throw invalid(key, max == Long.MAX_VALUE || max == Integer.MAX_VALUE
          ? "must be at least " + min : "must be between " + min + " and " + max, raw);
    }
    return v;
  }

  public boolean bool(String key) {
    Object raw = raw(key);
    if (raw instanceof Boolean b) {
      return b;
    }
    String v = String.valueOf(raw).trim().toLowerCase(Locale.ROOT);
    return switch (v) {
      case "true" -> true;
      case "false" -> false;
      default -> throw invalid(key, "must be true or false", raw);
    };
  }

  /** One of {@code allowed}, compared without case; returns the allowed spelling. */
  public String oneOf(String key, List<String> allowed) {
    String v = string(key).trim();
    return allowed.stream().filter(a -> a.equalsIgnoreCase(v)).findFirst()
        .orElseThrow(() -> invalid(key, "must be one of " + String.join(", ", allowed), v));
  }

  private Object raw(String key) {
    if (!values.containsKey(key)) {
      throw new IllegalStateException("setting " + key + " is not in conf/bastion.json: add it there with its "
          + "default");
    }
    read.add(key);
    return values.getValue(key);
  }

  private static IllegalArgumentException invalid(String key, String rule, Object value) {
    return new IllegalArgumentException("setting " + key + " " + rule + ", got '" + value + "'");
  }
}
