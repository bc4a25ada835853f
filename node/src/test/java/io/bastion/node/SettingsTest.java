package io.bastion.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where settings come from, how each source spells a key, and how a bad value is refused. */
class SettingsTest {

  private static Vertx vertx;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopVertx() throws Exception {
    await(vertx.close());
  }

  @AfterEach
  void clearProperties() {
    System.clearProperty("bastion.config");
    System.clearProperty("bastion.http.port");
    System.clearProperty("http.port");
  }

  @Test
  void theJarCarriesConfBastionJsonAsItsDefaults() throws Exception {
    try (InputStream in = getClass().getClassLoader().getResourceAsStream("bastion.json")) {
      assertThat(in).as("bastion.json on the class path").isNotNull();
      JsonObject resource = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      assertThat(resource).isEqualTo(new JsonObject(Files.readString(root().resolve("conf/bastion.json"))));
    }
    assertThat(new Settings(new JsonObject()).string("http.port")).isEqualTo("8080");
  }

  @Test
  void everyKeyHasAnEnvironmentVariableOfItsOwn() {
    Map<String, List<String>> byVariable = Settings.keys().stream()
        .collect(Collectors.groupingBy(SettingsSources::variableName));
    assertThat(byVariable.values()).allSatisfy(keys -> assertThat(keys).as("keys spelled alike").hasSize(1));
    assertThat(SettingsSources.variableName("relay.max-in-flight")).isEqualTo("BASTION_RELAY_MAX_IN_FLIGHT");
    assertThat(SettingsSources.propertyName("relay.max-in-flight")).isEqualTo("bastion.relay.max-in-flight");
  }

  @Test
  void aBadNumberNamesTheKeyAndTheValue() {
    Settings s = new Settings(new JsonObject().put("cluster.port", "many").put("db.pool.size", 0));
    assertThatThrownBy(() -> s.integer("cluster.port", 1, 65535))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("setting cluster.port must be a whole number, got 'many'");
    assertThatThrownBy(() -> s.integer("db.pool.size", 1, 100))
        .hasMessage("setting db.pool.size must be between 1 and 100, got '0'");
  }

  @Test
  void aBadBooleanOrChoiceNamesTheKeyAndTheValue() {
    Settings s = new Settings(new JsonObject().put("mail.smtp.ssl", "yes").put("cluster.lite", "maybe"));
    assertThatThrownBy(() -> s.bool("mail.smtp.ssl")).hasMessage("setting mail.smtp.ssl must be true or false, got 'yes'");
    assertThatThrownBy(() -> s.oneOf("cluster.lite", List.of("auto", "true", "false")))
        .hasMessage("setting cluster.lite must be one of auto, true, false, got 'maybe'");
  }

  @Test
  void aKeyMissingFromConfBastionJsonCannotBeRead() {
    assertThatThrownBy(() -> new Settings(new JsonObject()).string("http.prot"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("http.prot is not in conf/bastion.json");
    assertThatThrownBy(() -> new Settings(new JsonObject().put("http.prot", 1)))
        .hasMessageContaining("unknown setting(s) [http.prot]");
  }

  @Test
  void theDeploymentConfigOverridesTheFileAndASystemPropertyOverridesIt() throws Exception {
    JsonObject config = new JsonObject().put("http.port", 9001).put("relay.batch", 7);
    Settings fromConfig = await(Settings.load(vertx, config));
    assertThat(fromConfig.integer("http.port", 0, 65535)).isEqualTo(9001);
    assertThat(fromConfig.integer("relay.batch", 1, 1000)).isEqualTo(7);
    assertThat(fromConfig.integer("sink.batch", 1, 1000)).as("a default").isEqualTo(64);

    System.setProperty("bastion.http.port", "9002");
    System.setProperty("http.port", "1");
    Settings fromProperty = await(Settings.load(vertx, config));
    assertThat(fromProperty.integer("http.port", 0, 65535)).as("-Dbastion.http.port, not -Dhttp.port")
        .isEqualTo(9002);
    assertThat(Settings.bootstrap().integer("http.port", 0, 65535)).isEqualTo(9002);
  }

  @Test
  void unknownKeysInTheDeploymentConfigAreRefused() {
    assertThatThrownBy(() -> await(Settings.load(vertx, new JsonObject().put("bastion.http.port", 1))))
        .hasMessageContaining("unknown setting(s) [bastion.http.port] in the deployment config");
  }

  @Test
  void aNamedFileOverridesTheDefaultsAndMustExist(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("site.json");
    Files.writeString(file, "{\"http.port\": 9003}");
    System.setProperty("bastion.config", file.toString());
    assertThat(await(Settings.load(vertx, new JsonObject())).integer("http.port", 0, 65535)).isEqualTo(9003);
    assertThat(Settings.bootstrap().integer("http.port", 0, 65535)).isEqualTo(9003);
    assertThat(Settings.bootstrap().string("db.name")).as("a key the file leaves out").isEqualTo("postgres");

    System.setProperty("bastion.config", dir.resolve("missing.json").toString());
    assertThatThrownBy(Settings::bootstrap).hasMessageContaining("missing.json");
    assertThatThrownBy(() -> await(Settings.load(vertx, new JsonObject()))).hasMessageContaining("missing.json");
  }

  @Test
  void unknownKeysInTheFileAreRefused(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("site.json");
    Files.writeString(file, "{\"http.port\": 9004, \"http.prot\": 9005}");
    System.setProperty("bastion.config", file.toString());
    assertThatThrownBy(Settings::bootstrap).hasMessageContaining("unknown setting(s) [http.prot]");
    assertThatThrownBy(() -> await(Settings.load(vertx, new JsonObject())))
        .hasMessageContaining("unknown setting(s) [http.prot]");
  }

  @Test
  void strayBastionPropertiesAreFound() {
    java.util.Properties p = new java.util.Properties();
    p.setProperty("bastion.http.port", "1");
    p.setProperty("bastion.http.prot", "1");
    p.setProperty("bastion.pg.shared_buffers", "256MB");
    p.setProperty("bastion.config", "x.json");
    assertThat(SettingsSources.strayProperties(p)).containsExactly("bastion.http.prot");
  }

  /**
   * Environment variables can be given only to a new process: the probe prints the settings as the launcher reads
   * them (file, environment, properties) and as a verticle does (with the deployment config too).
   */
  @Test
  void anEnvironmentVariableOverridesTheFileAndTheDeploymentConfigAndAPropertyOverridesAll(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("site.json");
    Files.writeString(file, new JsonObject().put("http.port", 9100).put("relay.batch", 5).put("db.host", "file")
        .put("db.name", "file").encode());
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        "-Dbastion.config=" + file,
        "-Dbastion.http.port=9300",
        "-Dhttp.port=1",
        SettingsProbe.class.getName(),
        new JsonObject().put("relay.batch", 6).put("db.host", "deployment").put("db.name", "deployment").encode()));
    ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(false);
    builder.environment().put("BASTION_HTTP_PORT", "9200");
    builder.environment().put("BASTION_RELAY_MAX_IN_FLIGHT", "7");
    builder.environment().put("BASTION_DB_HOST", "environment");
    builder.environment().put("DB_HOST", "not a setting");
    Process process = builder.redirectError(dir.resolve("probe.err").toFile()).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(Files.readString(dir.resolve("probe.err"))).isZero();
    // Only the probe's JSON lines: logging may print status lines to the same stream.
    String[] lines = out.lines().filter(l -> l.startsWith("{")).toArray(String[]::new);
    JsonObject bootstrap = new JsonObject(lines[0]);
    JsonObject loaded = new JsonObject(lines[1]);

    assertThat(loaded.getString("http.port")).as("property over environment").isEqualTo("9300");
    assertThat(loaded.getString("relay.max-in-flight")).as("environment over file").isEqualTo("7");
    assertThat(loaded.getString("db.host")).as("environment over deployment config").isEqualTo("environment");
    assertThat(loaded.getString("db.name")).as("deployment config over file").isEqualTo("deployment");
    assertThat(loaded.getString("relay.batch")).as("deployment config over file").isEqualTo("6");
    assertThat(loaded.getString("sink.batch")).as("the default").isEqualTo("64");

    assertThat(bootstrap.getString("http.port")).isEqualTo("9300");
    assertThat(bootstrap.getString("relay.max-in-flight")).isEqualTo("7");
    assertThat(bootstrap.getString("db.host")).isEqualTo("environment");
    assertThat(bootstrap.getString("db.name")).as("no deployment config before Vert.x").isEqualTo("file");
    assertThat(bootstrap.getString("relay.batch")).isEqualTo("5");
    assertThat(bootstrap.copy().put("relay.batch", "6").put("db.name", "deployment"))
        .as("otherwise the same rules").isEqualTo(loaded);
  }

  static <T> T await(Future<T> future) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  static Path root() {
    Path p = Path.of("").toAbsolutePath();
    while (!Files.isRegularFile(p.resolve("conf/bastion.json"))) {
      p = p.getParent();
    }
    return p;
  }
}
