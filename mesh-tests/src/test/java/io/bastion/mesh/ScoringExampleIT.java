package io.bastion.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The worked example of docs/scoring.md, answered through the GraphQL API of a running mesh: the stored reports
 * must carry the numbers computed by hand in that document.
 */
class ScoringExampleIT {

  private static final String REPORT = """
      version score tier tierName complete answered applicable answeredShare catalogueId catalogueVersion
      formulaVersion functions { function score } findings { rank questionId priority } quickWins { questionId }
      delta { previousVersion previousScore change functions { function before after change }
              improved { questionId from to } regressed { questionId } }""";

  private Mesh mesh;

  @AfterEach
  void tearDown() throws Exception {
    if (mesh != null) {
      mesh.close();
    }
  }

  /** A mesh whose nodes read the shipped catalogues plus the example from a directory of the test's own. */
  private Path meshWithExample(String name) throws Exception {
    Mesh.deleteTree(Mesh.in(name).dir);
    Path catalogues = Mesh.in(name).dir.resolve("catalogues");
    Files.createDirectories(catalogues);
    try (var files = Files.list(Mesh.ROOT.resolve("conf/catalogues"))) {
      for (Path f : files.toList()) {
        Files.copy(f, catalogues.resolve(f.getFileName()));
      }
    }
    Files.copy(Mesh.ROOT.resolve("docs/examples/example.yaml"), catalogues.resolve("example.yaml"));
    mesh = Mesh.in(name).withNodeProperty("bastion.catalogues.dir", catalogues.toString()).startDatabase();
    return catalogues;
  }

  @Test
  void theWorkedExampleOverTheApiMatchesTheDocument() throws Exception {
    meshWithExample("scoring-example");
    Node user = mesh.startUser("user-1");
    mesh.startSecurity("security-1");
    Api api = new Api(user.httpPort);

    String token = api.signUp("example@example.com", "worked example passphrase").token();
    JsonArray all = api.call(token, "{ catalogues { id version } }", new JsonObject()).data()
        .getJsonArray("catalogues");
    assertThat(all.stream().map(c -> ((JsonObject) c).getString("id")).toList())
        .containsExactly("baseline", "cloud-saas", "csf-2.0", "example");

    String id = api.startAssessment(token, "example");
    Map<String, String> version5 = new LinkedHashMap<>();
    version5.put("gv-a", "partial");
    version5.put("gv-b", "3");
    version5.put("pr-a", "yes");
    version5.put("pr-b", "some");
    version5.put("pr-c", "no");
    version5.forEach((q, v) -> api.answer(token, id, q, v).data());

    JsonObject v5 = awaitReport(api, token, id, 5);
    assertThat(v5.getDouble("score")).isEqualTo(44.8);
    assertThat(functions(v5)).containsExactly(Map.entry("GV", 62.5), Map.entry("PR", 58.3), Map.entry("DE", 0.0));
    assertThat(v5.getInteger("tier")).isEqualTo(1);
    assertThat(v5.getString("tierName")).isEqualTo("Partial");
    assertThat(v5.getBoolean("complete")).isFalse();
    assertThat(v5.getInteger("answered")).isEqualTo(5);
    assertThat(v5.getInteger("applicable")).isEqualTo(6);
    assertThat(ids(v5.getJsonArray("findings"))).containsExactly("pr-c", "de-a", "gv-a", "gv-b", "pr-b");
    assertThat(ids(v5.getJsonArray("quickWins"))).containsExactly("pr-c", "gv-a", "pr-b");
    assertThat(v5.getString("catalogueId")).isEqualTo("example");
    assertThat(v5.getString("catalogueVersion")).isEqualTo("1");
    assertThat(v5.getString("formulaVersion")).isEqualTo("bastion-score/1");

    // What-if, computed by a security node on request: answering de-a "yes" would give what version 6 then gives.
    JsonArray whatIf = api.call(token, "query($a: ID!) { assessment(id: $a) { whatIf { questionId value score gain "
        + "tier functions { function score } } } }", new JsonObject().put("a", id)).data().getJsonObject("assessment")
        .getJsonArray("whatIf");
    JsonObject fixDe = whatIf.stream().map(JsonObject.class::cast).filter(o -> o.getString("questionId").equals("de-a"))
        .findFirst().orElseThrow();
    assertThat(fixDe.getString("value")).isEqualTo("yes");
    assertThat(fixDe.getDouble("score")).as("what-if of de-a").isEqualTo(69.8);
    assertThat(fixDe.getDouble("gain")).isEqualTo(25.0);
    assertThat(fixDe.getInteger("tier")).isEqualTo(2);

    api.answer(token, id, "de-a", "yes").data();
    JsonObject v6 = awaitReport(api, token, id, 6);
    assertThat(v6.getDouble("score")).isEqualTo(69.8);
    assertThat(functions(v6)).containsEntry("DE", 100.0);
    assertThat(v6.getInteger("tier")).isEqualTo(2);
    assertThat(v6.getString("tierName")).isEqualTo("Risk Informed");
    assertThat(v6.getBoolean("complete")).isTrue();
    JsonObject delta = v6.getJsonObject("delta");
    assertThat(delta.getLong("previousVersion")).isEqualTo(5);
    assertThat(delta.getDouble("previousScore")).isEqualTo(44.8);
    assertThat(delta.getDouble("change")).isEqualTo(25.0);
    assertThat(delta.getJsonArray("functions").stream().map(JsonObject.class::cast)
        .filter(f -> f.getString("function").equals("DE")).findFirst().orElseThrow().getDouble("change"))
        .isEqualTo(100.0);
    assertThat(ids(delta.getJsonArray("improved"))).containsExactly("de-a");
    assertThat(delta.getJsonArray("regressed")).isEmpty();

    JsonObject history = api.call(token, "query($a: ID!) { assessment(id: $a) { reports { version score } } }",
        new JsonObject().put("a", id)).data().getJsonObject("assessment");
    List<Long> versions = history.getJsonArray("reports").stream().map(r -> ((JsonObject) r).getLong("version"))
        .toList();
    assertThat(versions).contains(5L, 6L).isSorted();
  }

  @Test
  void aCatalogueChangeNeverSilentlyRescoresOldReports() throws Exception {
    Path catalogues = meshWithExample("catalogue-versions");
    Node user = mesh.startUser("user-1");
    mesh.startSecurity("security-1");
    Api api = new Api(user.httpPort);
    String token = api.signUp("versions@example.com", "old reports stay explainable").token();
    String old = api.startAssessment(token, "example");
    api.answer(token, old, "pr-a", "yes").data();
    api.answer(token, old, "de-a", "yes").data();
    JsonObject before = awaitReport(api, token, old, 2);

    // Edited in place, without a new version: the user node refuses to start and says why.
    user.stop();
    Path file = catalogues.resolve("example.yaml");
    String original = Files.readString(file);
    Files.writeString(file, original.replace("weight: 3", "weight: 1"));
    Node refused = mesh.startUserExpectingFailure("user-edited");
    assertThat(refused.process.exitValue()).isNotZero();
    assertThat(Files.readString(refused.log)).contains("catalogue 'example' version 1 differs from the one already in use");

    // The proper change: a new version beside the old one. New assessments get it; old ones keep version 1.
    Files.writeString(file, original);
    Files.writeString(catalogues.resolve("example-2.yaml"),
        original.replace("version: \"1\"", "version: \"2\"").replace("weight: 3", "weight: 1"));
    user = mesh.startUser("user-2");
    mesh.startSecurity("security-2"); // security-1 knows only version 1; the relay retries until a node knows 2
    api = new Api(user.httpPort);
    String fresh = api.startAssessment(token, "example");
    api.answer(token, fresh, "pr-a", "yes").data();
    api.answer(token, fresh, "de-a", "yes").data();
    JsonObject v2 = awaitReport(api, token, fresh, 2);
    assertThat(v2.getString("catalogueVersion")).isEqualTo("2");

    JsonObject unchanged = awaitReport(api, token, old, 2);
    assertThat(unchanged).isEqualTo(before);
    api.answer(token, old, "gv-a", "yes").data();
    JsonObject v3 = awaitReport(api, token, old, 3);
    assertThat(v3.getString("catalogueVersion")).isEqualTo("1");
    // pr-a weighs 3 in version 1 and 1 in version 2: the same answers score differently, each by its own version.
    assertThat(functions(v2).get("PR")).isNotEqualTo(functions(before).get("PR"));
  }

  private static JsonObject awaitReport(Api api, String token, String id, int version) {
    JsonObject[] found = new JsonObject[1];
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
      JsonObject a = api.call(token, "query($a: ID!, $v: Int!) { assessment(id: $a) { report(version: $v) { "
          + REPORT + " } } }", new JsonObject().put("a", id).put("v", version)).data().getJsonObject("assessment");
      found[0] = a.getJsonObject("report");
      return found[0] != null;
    });
    return found[0];
  }

  private static Map<String, Double> functions(JsonObject report) {
    Map<String, Double> m = new LinkedHashMap<>();
    report.getJsonArray("functions").forEach(f -> m.put(((JsonObject) f).getString("function"),
        ((JsonObject) f).getDouble("score")));
    return m;
  }

  private static List<String> ids(JsonArray array) {
    return array.stream().map(f -> ((JsonObject) f).getString("questionId")).toList();
  }
}
