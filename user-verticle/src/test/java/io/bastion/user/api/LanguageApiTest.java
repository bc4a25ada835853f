package io.bastion.user.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bastion.catalogue.Catalogue;
import io.bastion.catalogue.Language;
import io.bastion.catalogue.Option;
import io.bastion.catalogue.Question;
import io.bastion.codecs.Addresses;
import io.bastion.codecs.AnswerEntry;
import io.bastion.codecs.AnswerEvent;
import io.bastion.codecs.Finding;
import io.bastion.codecs.FunctionScore;
import io.bastion.codecs.ReportEvent;
import io.bastion.user.testing.Fixtures;
import io.bastion.user.testing.GraphQLClient;
import io.bastion.user.testing.GraphQLClient.Session;
import io.bastion.user.testing.GraphQLWsClient;
import io.bastion.user.testing.HttpProbe;
import io.bastion.user.testing.UserNode;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The API speaks the request's language (issue 16): the same stored report read with Accept-Language en and de, the
 * catalogue, the targets and the what-if options, a subscription in the language of its socket's upgrade request,
 * and the workbook's answer words. One baseline assessment, scored by a stand-in that reports tier 2 with the English
 * words a security node stores, and a finding per answer not fully met.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LanguageApiTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String ANSWER = "mutation($a: ID!, $q: ID!, $v: String!) { answer(assessmentId: $a, "
      + "questionId: $q, value: $v) { version } }";
  private static final String REPORT = "query($a: ID!) { assessment(id: $a) { latestReport { version tier tierName "
      + "functions { function name } findings { questionId answer answerLabel text } } } }";

  private Vertx vertx;
  private UserNode node;
  private GraphQLClient api;
  private Session alice;
  private String assessment;

  @BeforeAll
  void start(Vertx vertx) {
    this.vertx = vertx;
    node = UserNode.start(vertx);
    vertx.eventBus().<AnswerEvent>consumer(Addresses.ANSWERS, LanguageApiTest::score).completion().await();
    vertx.eventBus().consumer(Addresses.WHAT_IF, LanguageApiTest::whatIf).completion().await();
    api = node.graphql();
    alice = api.signUp(UserNode.email("alice"), UserNode.PASSWORD);
    assessment = api.startAssessment(alice.token(), "baseline", "Sprachtest");
    answer("gv-owner", "partial");
    answer("gv-obligations", "na");
    await().atMost(WAIT).until(() -> latestVersion() == 2);
    api.call(alice.token(), "mutation($a: ID!) { setTarget(assessmentId: $a, function: \"GV\", score: 80) "
        + "{ function } }", new JsonObject().put("a", assessment)).data();
  }

  @Test
  void theSameStoredReportReadsInEnglishAndInGerman() {
    JsonObject en = report("en");
    JsonObject de = report("de-DE,de;q=0.9");
    assertThat(en.getInteger("version")).isEqualTo(de.getInteger("version"));
    assertThat(en.getString("tierName")).isEqualTo("Risk Informed");
    assertThat(de.getString("tierName")).as("tier 2 in German, from its number").isEqualTo("Risikoinformiert");
    assertThat(names(en.getJsonArray("functions"))).containsExactly("Govern", "Protect");
    assertThat(names(de.getJsonArray("functions"))).containsExactly("Steuern", "Schützen");
    JsonObject findingEn = en.getJsonArray("findings").getJsonObject(0);
    JsonObject findingDe = de.getJsonArray("findings").getJsonObject(0);
    assertThat(findingDe.getString("questionId")).isEqualTo("gv-owner");
    assertThat(findingEn.getString("answerLabel")).isEqualTo("Partly");
    assertThat(findingDe.getString("answerLabel")).as("the yes/no word in German").isEqualTo("Teilweise");
    assertThat(findingDe.getString("text")).as("the catalogue's German text (English where it has none)")
        .isEqualTo(germanText("gv-owner")).isNotEqualTo(findingEn.getString("text"));
    assertThat(report(null).getString("tierName")).as("no Accept-Language: English").isEqualTo("Risk Informed");
  }

  @Test
  void theCatalogueSpeaksTheRequestsLanguage() {
    String query = "{ catalogue(id: \"baseline\") { title functions { code name } questions { id functionName text "
        + "choices { value label } } } }";
    JsonObject de = call(query, new JsonObject(), "de").getJsonObject("catalogue");
    JsonObject en = call(query, new JsonObject(), "en").getJsonObject("catalogue");
    assertThat(de.getJsonArray("functions").getJsonObject(0).getString("name")).isEqualTo("Steuern");
    assertThat(en.getJsonArray("functions").getJsonObject(0).getString("name")).isEqualTo("Govern");
    JsonObject owner = question(de, "gv-owner");
    assertThat(owner.getString("functionName")).isEqualTo("Steuern");
    assertThat(owner.getString("text")).isEqualTo(germanText("gv-owner"));
    assertThat(de.getString("title")).isEqualTo("Bastion-Basischeck");
    assertThat(owner.getJsonArray("choices").stream().map(c -> ((JsonObject) c).getString("label")))
        .containsExactly("Ja", "Teilweise", "Nein");
    assertThat(question(en, "gv-owner").getJsonArray("choices").stream()
        .map(c -> ((JsonObject) c).getString("label"))).containsExactly("Yes", "Partly", "No");
    JsonObject list = call("{ catalogues { id functions { name } } }", new JsonObject(), "de");
    assertThat(list.getJsonArray("catalogues").stream().map(c -> ((JsonObject) c).getJsonArray("functions")
        .getJsonObject(0).getString("name"))).as("every catalogue's first function").containsOnly("Steuern");
  }

  @Test
  void anAssessmentWithoutATitleIsNamedInTheRequestsLanguage() {
    String start = "mutation { startAssessment(catalogueId: \"baseline\") { title } }";
    assertThat(call(start, new JsonObject(), "de").getJsonObject("startAssessment").getString("title"))
        .isEqualTo(Fixtures.catalogues().latest("baseline", Language.DE).orElseThrow().title())
        .isNotEqualTo(Fixtures.catalogues().latest("baseline").orElseThrow().title());
    assertThat(call(start, new JsonObject(), "en").getJsonObject("startAssessment").getString("title"))
        .isEqualTo(Fixtures.catalogues().latest("baseline").orElseThrow().title());
  }

  @Test
  void targetsAndWhatIfOptionsSpeakTheRequestsLanguage() {
    String query = "query($a: ID!) { assessment(id: $a) { targets { function name } whatIf { questionId "
        + "answerLabel tierName functions { function name } } } }";
    JsonObject de = call(query, new JsonObject().put("a", assessment), "de").getJsonObject("assessment");
    assertThat(de.getJsonArray("targets").getJsonObject(0).getString("name")).isEqualTo("Steuern");
    JsonObject option = de.getJsonArray("whatIf").getJsonObject(0);
    assertThat(option.getString("answerLabel")).isEqualTo("Ja");
    assertThat(option.getString("tierName")).isEqualTo("Wiederholbar");
    assertThat(names(option.getJsonArray("functions"))).containsExactly("Steuern");
    JsonObject en = call(query, new JsonObject().put("a", assessment), "en").getJsonObject("assessment");
    assertThat(en.getJsonArray("targets").getJsonObject(0).getString("name")).isEqualTo("Govern");
    assertThat(en.getJsonArray("whatIf").getJsonObject(0).getString("tierName")).isEqualTo("Repeatable");
  }

  @Test
  void aSubscriptionSpeaksTheLanguageOfItsSocket() {
    MultiMap german = MultiMap.caseInsensitiveMultiMap().add("Accept-Language", "de");
    try (GraphQLWsClient ws = GraphQLWsClient.connect(vertx, node.port(),
        new JsonObject().put("token", alice.token()), german)) {
      await().atMost(WAIT).until(ws::acknowledged);
      ws.subscribe("r", "subscription($a: ID!) { reportCreated(assessmentId: $a) { version tierName "
          + "functions { name } findings { questionId answerLabel } } }", new JsonObject().put("a", assessment));
      // Answer (a changed value each time) until a report arrives: the first may come before the subscription is
      // registered.
      AtomicInteger n = new AtomicInteger();
      await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
        answer("pr-mfa-email", n.getAndIncrement() % 2 == 0 ? "no" : "partial");
        return !ws.messages("r", "next").isEmpty();
      });
      JsonObject report = ws.messages("r", "next").get(0).getJsonObject("payload").getJsonObject("data")
          .getJsonObject("reportCreated");
      assertThat(report.getString("tierName")).isEqualTo("Risikoinformiert");
      assertThat(names(report.getJsonArray("functions"))).containsExactly("Steuern", "Schützen");
      assertThat(report.getJsonArray("findings").stream().map(f -> ((JsonObject) f).getString("answerLabel")))
          .as("gv-owner partial").contains("Teilweise");
    }
  }

  @Test
  void theWorkbookWritesNotApplicableAndYesNoInGerman() throws IOException {
    HttpResponse<Buffer> r = new HttpProbe(vertx, node.port()).get("/export/" + assessment + "/bastion.xlsx?lang=de",
        HttpProbe.headers("Authorization", "Bearer " + alice.token()));
    assertThat(r.statusCode()).isEqualTo(200);
    try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(r.bodyAsBuffer().getBytes()))) {
      Sheet answers = book.getSheet("Antworten");
      Map<String, String> labels = new HashMap<>();
      DataFormatter shown = new DataFormatter();
      for (Row row : answers) {
        labels.put(shown.formatCellValue(row.getCell(0)), shown.formatCellValue(row.getCell(3)));
      }
      assertThat(labels).containsEntry("gv-owner", "Teilweise").containsEntry("gv-obligations", "Nicht zutreffend");
    }
  }

  // ------------------------------------------------------------------ helpers

  private JsonObject report(String acceptLanguage) {
    return call(REPORT, new JsonObject().put("a", assessment), acceptLanguage).getJsonObject("assessment")
        .getJsonObject("latestReport");
  }

  private JsonObject call(String query, JsonObject variables, String acceptLanguage) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer " + alice.token());
    if (acceptLanguage != null) {
      headers.add("Accept-Language", acceptLanguage);
    }
    GraphQLClient.Response r = api.post(headers, new JsonObject().put("query", query).put("variables", variables)
        .encode());
    assertThat(r.body().getJsonArray("errors")).as(r.body().encode()).isNull();
    return r.data();
  }

  private void answer(String questionId, String value) {
    api.call(alice.token(), ANSWER, new JsonObject().put("a", assessment).put("q", questionId).put("v", value))
        .data();
  }

  private long latestVersion() {
    JsonObject latest = api.assessment(alice.token(), assessment).getJsonObject("latestReport");
    return latest == null ? 0 : latest.getLong("version");
  }

  /** A question's text as the catalogues loaded from conf/catalogues have it in German (English where they lack it). */
  private static String germanText(String questionId) {
    return Fixtures.catalogues().get("baseline", Fixtures.baseline().version(), Language.DE).orElseThrow()
        .question(questionId).orElseThrow().text();
  }

  private static JsonObject question(JsonObject catalogue, String id) {
    return catalogue.getJsonArray("questions").stream().map(JsonObject.class::cast)
        .filter(q -> q.getString("id").equals(id)).findFirst().orElseThrow();
  }

  private static List<String> names(JsonArray functions) {
    return functions.stream().map(f -> ((JsonObject) f).getString("name")).collect(Collectors.toList());
  }

  /** A security node's report with its English words stored: tier 2 "Risk Informed", Govern and Protect. */
  private static void score(Message<AnswerEvent> message) {
    AnswerEvent e = message.body();
    Catalogue catalogue = Fixtures.catalogues().get(e.catalogueId(), e.catalogueVersion()).orElseThrow();
    List<Finding> findings = new ArrayList<>();
    for (AnswerEntry a : e.answers()) {
      Question q = catalogue.question(a.questionId()).orElseThrow();
      double s = q.option(a.value()).map(Option::score).orElse(1.0);
      if (s < 1.0) {
        findings.add(new Finding(findings.size() + 1, q.id(), q.function().name(), a.value(), s, q.weight(),
            q.weight() * (1 - s), q.recommendation().effort(), q.recommendation().impact()));
      }
    }
    message.reply(new ReportEvent(e.eventId(), e.accountId(), e.assessmentId(), e.version(), e.catalogueId(),
        e.catalogueVersion(), "stand-in", 40, 2, "Risk Informed", false, e.answers().size(), 47, 0.1,
        List.of(new FunctionScore("GV", "Govern", 50.0, 1.0, 7, 2), new FunctionScore("PR", "Protect", 30.0, 1.0, 10,
            1)), findings, List.of(), null, "language-test", Instant.now()));
  }

  /** One what-if option, as a security node replies: gv-owner answered yes reaches tier 3 "Repeatable". */
  private static void whatIf(Message<Object> message) {
    message.reply(new JsonObject().put("options", new JsonArray().add(new JsonObject().put("questionId", "gv-owner")
        .put("value", "yes").put("score", 55.0).put("gain", 15.0).put("tier", 3).put("tierName", "Repeatable")
        .put("gainPerEffort", 15.0).put("functions", new JsonObject().put("GV", 70.0)))));
  }
}
