package io.bastion.node;

import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Where a node's settings come from and how each source spells a key: the one place that knows. Sources, a later
 * one winning:
 * <ol>
 *   <li>{@code bastion.json} inside the jar, a copy of {@code conf/bastion.json}: every key and its default;</li>
 *   <li>the file {@code conf/bastion.json} (relative to the working directory; skipped when absent), or the file
 *       named by {@code -Dbastion.config=FILE} or {@code BASTION_CONFIG} (which must exist);</li>
 *   <li>the deployment config ({@code -conf}, {@code DeploymentOptions.setConfig}), read by verticles only;</li>
 *   <li>environment variables: {@code BASTION_} and the key upper-cased with {@code .} and {@code -} as {@code _}
 *       ({@code BASTION_RELAY_MAX_IN_FLIGHT});</li>
 *   <li>system properties: {@code bastion.} and the key ({@code -Dbastion.relay.max-in-flight=64}).</li>
 * </ol>
 * The keys of {@code conf/bastion.json} are the only keys: a file or deployment config with another key is refused,
 * and an environment variable or system property that spells no key is not a setting.
 */
final class SettingsSources {

  static final String RESOURCE = "bastion.json";
  static final String DEFAULT_FILE = "conf/bastion.json";
  static final String FILE_PROPERTY = "bastion.config";
  static final String FILE_VARIABLE = "BASTION_CONFIG";
  static final String PROPERTY_PREFIX = "bastion.";
  static final String VARIABLE_PREFIX = "BASTION_";
  /** PostgreSQL's own server settings for the embedded database, passed through (see EmbeddedDatabase). */
  static final String POSTGRES_PROPERTY_PREFIX = "bastion.pg.";

  private static volatile JsonObject defaults;

  private SettingsSources() {
  }

  /** Every key with its default, from the jar's copy of {@code conf/bastion.json}. */
  static JsonObject defaults() {
    JsonObject d = defaults;
    if (d == null) {
      try (InputStream in = SettingsSources.class.getClassLoader().getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException(RESOURCE + " is missing from the class path (node/pom.xml copies it "
              + "from conf/)");
        }
        d = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new IllegalStateException("cannot read " + RESOURCE + " from the class path: " + e.getMessage(), e);
      }
      defaults = d;
    }
    return d.copy();
  }

  static Set<String> keys() {
    return defaults().fieldNames();
  }

  /** {@code relay.max-in-flight} is {@code BASTION_RELAY_MAX_IN_FLIGHT}. */
  static String variableName(String key) {
    return VARIABLE_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** {@code relay.max-in-flight} is {@code bastion.relay.max-in-flight}. */
  static String propertyName(String key) {
    return PROPERTY_PREFIX + key;
  }

  /** The settings file, and whether someone named it (then it must exist). */
  record SettingsFile(Path path, boolean named) {
  }

  static SettingsFile file(Map<String, String> environment, Properties properties) {
    String named = properties.getProperty(FILE_PROPERTY, environment.get(FILE_VARIABLE));
    return named == null || named.isBlank()
        ? new SettingsFile(Path.of(DEFAULT_FILE), false)
        : new SettingsFile(Path.of(named), true);
  }

  /**
   * The stores of vertx-config, in order, for a verticle started with {@code deploymentConfig}. System properties
   * come through a json store of the keys' own properties: the sys store cannot be filtered and would let
   * {@code -Dhttp.port} act as a setting. The result goes through {@link #resolve}.
   */
  static ConfigRetrieverOptions retrieverOptions(JsonObject deploymentConfig) {
    requireKnownKeys(deploymentConfig, "the deployment config");
    SettingsFile file = file(System.getenv(), System.getProperties());
    JsonArray variables = new JsonArray();
    keys().forEach(key -> variables.add(variableName(key)));
    return new ConfigRetrieverOptions()
        .setScanPeriod(0)
        .setIncludeDefaultStores(false)
        .addStore(new ConfigStoreOptions().setType("json").setConfig(defaults()))
        .addStore(new ConfigStoreOptions().setType("file").setFormat("json").setOptional(!file.named())
            .setConfig(new JsonObject().put("path", file.path().toString())))
        .addStore(new ConfigStoreOptions().setType("json").setConfig(deploymentConfig.copy()))
        .addStore(new ConfigStoreOptions().setType("env")
            .setConfig(new JsonObject().put("keys", variables).put("raw-data", true)))
        .addStore(new ConfigStoreOptions().setType("json").setConfig(properties(System.getProperties())));
  }

  /**
   * The same sources read without Vert.x, for what must be known before it starts (cluster, TLS, warm-ups): all
   * but the deployment config, with the same rules.
   */
  static JsonObject read(Map<String, String> environment, Properties properties) {
    JsonObject layered = defaults();
    SettingsFile file = file(environment, properties);
    if (Files.isRegularFile(file.path())) {
      JsonObject content;
      try {
        content = new JsonObject(Files.readString(file.path()));
      } catch (IOException | RuntimeException e) {
        throw new IllegalArgumentException("cannot read settings file " + file.path() + ": " + e.getMessage(), e);
      }
      requireKnownKeys(content, file.path().toString());
      layered.mergeIn(content);
    } else if (file.named()) {
      throw new IllegalArgumentException("settings file " + file.path() + " (named by " + FILE_PROPERTY + " or "
          + FILE_VARIABLE + ") does not exist");
    }
    for (String key : keys()) {
      String value = environment.get(variableName(key));
      if (value != null) {
        layered.put(variableName(key), value);
      }
    }
    layered.mergeIn(properties(properties));
    return resolve(layered, file.path());
  }

  /**
   * Collapses the layered sources into one value per key: the system property, else the environment variable,
   * else the value the files and the deployment config give (already layered, the later one winning). Any other
   * name left in {@code layered} came from the settings file and is refused (the launcher's read before Vert.x
   * checks the file's keys one by one).
   */
  static JsonObject resolve(JsonObject layered, Path file) {
    Set<String> keys = keys();
    List<String> unknown = new ArrayList<>();
    for (String name : layered.fieldNames()) {
      if (!keys.contains(name) && !isSpelling(name, keys)) {
        unknown.add(name);
      }
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("unknown setting(s) " + unknown + " in " + file
          + " (the keys are those of conf/bastion.json)");
    }
    JsonObject resolved = new JsonObject();
    for (String key : keys) {
      Object value = layered.getValue(propertyName(key));
      if (value == null) {
        value = layered.getValue(variableName(key));
      }
      if (value == null) {
        value = layered.getValue(key);
      }
      resolved.put(key, value);
    }
    return resolved;
  }

  static void requireKnownKeys(JsonObject config, String source) {
    Set<String> keys = keys();
    List<String> unknown = config.fieldNames().stream().filter(name -> !keys.contains(name)).sorted().toList();
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("unknown setting(s) " + unknown + " in " + source
          + " (the keys are those of conf/bastion.json, spelled as there, such as http.port)");
    }
  }

  /** System properties named {@code bastion.*} that are no setting: a typo, most likely. */
  static List<String> strayProperties(Properties properties) {
    Set<String> keys = keys();
    return properties.stringPropertyNames().stream()
        .filter(name -> name.startsWith(PROPERTY_PREFIX))
        .filter(name -> !keys.contains(name.substring(PROPERTY_PREFIX.length())))
        .filter(name -> !name.equals(FILE_PROPERTY) && !name.startsWith(POSTGRES_PROPERTY_PREFIX))
        .sorted()
        .toList();
  }

  /** The system properties that spell a key, under their own names. */
  private static JsonObject properties(Properties properties) {
    Map<String, Object> found = new HashMap<>();
    for (String key : keys()) {
      String value = properties.getProperty(propertyName(key));
      if (value != null) {
        found.put(propertyName(key), value);
      }
    }
    return new JsonObject(found);
  }

  private static boolean isSpelling(String name, Set<String> keys) {
    if (name.startsWith(PROPERTY_PREFIX) && keys.contains(name.substring(PROPERTY_PREFIX.length()))) {
      return true;
    }
    return name.startsWith(VARIABLE_PREFIX) && keys.stream().anyMatch(key -> variableName(key).equals(name));
  }
}
