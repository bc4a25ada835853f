package io.bastion.user.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bastion.catalogue.Catalogue;
import io.bastion.catalogue.Language;
import io.bastion.catalogue.Option;
import io.bastion.catalogue.Question;
import io.bastion.catalogue.Reference;
import io.bastion.codecs.Addresses;
import io.bastion.codecs.AnswerEntry;
import io.bastion.codecs.AnswerEvent;
import io.bastion.codecs.Finding;
import io.bastion.codecs.FunctionScore;
import io.bastion.codecs.ReportEvent;
import io.bastion.user.testing.Fixtures;
import io.bastion.user.testing.GraphQLClient;
import io.bastion.user.testing.GraphQLClient.Session;
import io.bastion.user.testing.HttpProbe;
import io.bastion.user.testing.TcpProxy;
import io.bastion.user.testing.TeamRows;
import io.bastion.user.testing.TestDatabase;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The exports through a real user node, real HTTP and the test PostgreSQL. One assessment of the baseline catalogue,
 * answered four times by its owner (v1 gv-owner yes with a formula-looking comment, v2 gv-risk level 1 with a
 * two-line comment, v3 pr-mfa-email no, v4 gv-owner no), each version scored by a stand-in that reports every answer
 * not fully met as a finding and 10 x version as the score. Then: the OSCAL document validates against NIST's
 * schema and holds those answers and findings; {@code ?version=} exports the answers as they stood then; the
 * workbook read back cell by cell; who may download (the owner, a VIEWER of the organisation) and who gets 404;
 * 401, 400 and 404 answers; 503 with Retry-After while the database is unreachable.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportHttpTest {

  private static final String FORMULA = "=HYPERLINK(\"https://evil.example\",\"click me\")";
  private static final String TWO_LINES = "Risk register started\nsecond line <b>not markup</b>";
  private static final String TITLE = "Acme & Co <i>2026</i>";
  private static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  private static final String ANSWER = "mutation($a: ID!, $q: ID!, $v: String!, $c: String) { answer(assessmentId: $a, "
      + "questionId: $q, value: $v, comment: $c) { version } }";

  private Vertx vertx;
  private UserNode node;
  private GraphQLClient api;
  private HttpProbe http;
  private TeamRows teams;
  private Session alice;
  private Session carol;
  private Session dave;
  private String assessment;
  private UUID organisation;

  @BeforeAll
  void start(Vertx vertx) {
    this.vertx = vertx;
    node = UserNode.start(vertx);
    vertx.eventBus().<AnswerEvent>consumer(Addresses.ANSWERS, ExportHttpTest::score).completion()
        .await();
    api = node.graphql();
    http = new HttpProbe(vertx, node.port());
    teams = new TeamRows(vertx);
    alice = api.signUp(UserNode.email("alice"), UserNode.PASSWORD);
    carol = api.signUp(UserNode.email("carol"), UserNode.PASSWORD);
    dave = api.signUp(UserNode.email("dave"), UserNode.PASSWORD);
    assessment = api.startAssessment(alice.token(), "baseline", TITLE);
    answer("gv-owner", "yes", FORMULA);
    answer("gv-risk", "1", TWO_LINES);
    answer("pr-mfa-email", "no", null);
    answer("gv-owner", "no", "owner left");
    await().atMost(Duration.ofSeconds(30)).until(() -> reportVersions().contains(4L));
    // The assessment moves into an organisation: alice its OWNER, carol a VIEWER; dave a VIEWER of another one.
    organisation = teams.organisation();
    teams.member(organisation, alice.accountId(), "OWNER");
    teams.member(organisation, carol.accountId(), "VIEWER");
    teams.assessmentOf(organisation, assessment);
    UUID other = teams.organisation();
    teams.member(other, dave.accountId(), "VIEWER");
    teams.assessmentOf(other, api.startAssessment(dave.token(), "baseline", "dave's own"));
    // Evidence as the upload and addEvidenceLink store it: a link that expired in 2020 for gv-owner, a file for gv-risk.
    io.vertx.sqlclient.Pool db = TestDatabase.pool(vertx);
    try {
      Fixtures.await(db.preparedQuery("INSERT INTO evidence (id, assessment_id, question_id, kind, name, url, "
          + "effective_date, expires_on, added_by) VALUES ($1, $2, 'gv-owner', 'LINK', 'Owner letter', "
          + "'https://intranet.example/owner', '2019-01-01', '2020-01-01', $3)").execute(io.vertx.sqlclient.Tuple.of(
          LINK, UUID.fromString(assessment), UUID.fromString(alice.accountId()))));
      Fixtures.await(db.preparedQuery("INSERT INTO evidence (id, assessment_id, question_id, kind, name, media_type, "
          + "size, sha256, content, effective_date, added_by) VALUES ($1, $2, 'gv-risk', 'FILE', 'risks.txt', "
          + "'text/plain', 5, $3, $4, '2026-01-01', $5)").execute(io.vertx.sqlclient.Tuple.of(FILE,
          UUID.fromString(assessment), SHA, Buffer.buffer("risks"), UUID.fromString(alice.accountId()))));
    } finally {
      db.close();
    }
  }

  private static final UUID LINK = UUID.fromString("00000000-0000-4000-8000-00000000e001");
  private static final UUID FILE = UUID.fromString("00000000-0000-4000-8000-00000000e002");
  private static final String SHA = "ab".repeat(32);

  @Test
  void theExportsCarryTheEvidenceOfTheAnswers() throws IOException {
    HttpResponse<Buffer> r = get(oscal(""), alice);
    assertThat(OscalSchema.validate(r.bodyAsString())).as("errors against NIST's schema").isEmpty();
    JsonArray observations = r.bodyAsJsonObject().getJsonObject("assessment-results").getJsonArray("results")
        .getJsonObject(0).getJsonArray("observations");
    JsonObject owner = observation(observations, "gv-owner");
    JsonObject link = owner.getJsonArray("relevant-evidence").getJsonObject(0);
    assertThat(link.getString("href")).isEqualTo("https://intranet.example/owner");
    assertThat(link.getString("description")).contains("Owner letter").contains("expired since 2020-01-01");
    JsonObject file = observation(observations, "gv-risk").getJsonArray("relevant-evidence").getJsonObject(0);
    assertThat(file.getString("href")).isEqualTo("/evidence/file/" + FILE);
    assertThat(file.getString("description")).contains("risks.txt").contains("text/plain").contains(SHA);
    assertThat(observation(observations, "pr-mfa-email").containsKey("relevant-evidence")).isFalse();

    HttpResponse<Buffer> xlsx = get(workbook(""), alice);
    try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(xlsx.bodyAsBuffer().getBytes()))) {
      Sheet evidence = book.getSheet("Evidence");
      assertThat(texts(evidence.getRow(0))).startsWith("Question id", "Question", "Kind", "Name");
      assertThat(evidence.getLastRowNum()).isEqualTo(2);
      List<String> rows = List.of(String.join("|", texts(evidence.getRow(1))), String.join("|", texts(evidence.getRow(2))));
      assertThat(rows).anySatisfy(row -> assertThat(row).startsWith("gv-owner|").contains("|Link|Owner letter|")
          .contains("https://intranet.example/owner").contains("|Yes|"));
      assertThat(rows).anySatisfy(row -> assertThat(row).startsWith("gv-risk|").contains("|File|risks.txt|text/plain|5|")
          .contains("/evidence/file/" + FILE).contains(SHA));
    }
  }

  private static JsonObject observation(JsonArray observations, String questionId) {
    return observations.stream().map(JsonObject.class::cast)
        .filter(o -> o.getJsonArray("props").stream().map(JsonObject.class::cast)
            .anyMatch(p -> p.getString("name").equals("question-id") && p.getString("value").equals(questionId)))
        .findFirst().orElseThrow(() -> new AssertionError("no observation of " + questionId));
  }

  @AfterAll
  void stop() throws Exception {
    teams.close();
  }

  // ------------------------------------------------------------------ OSCAL

  @Test
  void theOscalExportOfTheLatestReportIsValidAndHoldsTheAnswersAndFindings() {
    HttpResponse<Buffer> r = get(oscal(""), alice);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(r.getHeader("Content-Disposition"))
        .isEqualTo("attachment; filename=\"bastion-" + assessment + "-v4-oscal-assessment-results.json\"");
    assertThat(r.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(r.getHeader("Cache-Control")).isEqualTo("no-store");
    assertThat(OscalSchema.validate(r.bodyAsString())).as("errors against NIST's schema").isEmpty();

    JsonObject ar = r.bodyAsJsonObject().getJsonObject("assessment-results");
    JsonObject metadata = ar.getJsonObject("metadata");
    assertThat(metadata.getString("version")).isEqualTo("4");
    assertThat(metadata.getString("oscal-version")).isEqualTo("1.2.1");
    assertThat(metadata.getString("title")).startsWith(TITLE);
    String plan = ar.getJsonObject("import-ap").getString("href");
    assertThat(plan).isEqualTo("#" + ar.getJsonObject("back-matter").getJsonArray("resources").getJsonObject(0)
        .getString("uuid"));
    JsonObject result = ar.getJsonArray("results").getJsonObject(0);
    assertThat(Instant.parse(result.getString("start"))).isBefore(Instant.parse(result.getString("end")));
    assertThat(controlIds(result)).as("reviewed controls: the catalogue's NIST references")
        .containsExactlyElementsOf(nistIds(baseline().questions()));

    JsonArray observations = result.getJsonArray("observations");
    assertThat(observations.stream().map(o -> prop((JsonObject) o, "question-id")))
        .containsExactly("gv-owner", "gv-risk", "pr-mfa-email");
    JsonObject owner = observations.getJsonObject(0);
    assertThat(owner.getString("description")).contains(question("gv-owner").text()).endsWith("Answer: No");
    assertThat(owner.getString("remarks")).isEqualTo("owner left");
    assertThat(owner.getJsonArray("methods")).containsExactly("INTERVIEW");
    String party = owner.getJsonArray("origins").getJsonObject(0).getJsonArray("actors").getJsonObject(0)
        .getString("actor-uuid");
    assertThat(metadata.getJsonArray("parties")).singleElement().satisfies(p -> {
      assertThat(((JsonObject) p).getString("uuid")).isEqualTo(party);
      assertThat(((JsonObject) p).getString("name")).isEqualTo(alice.email());
    });
    JsonObject risk = observations.getJsonObject(1);
    assertThat(risk.getString("remarks")).as("a comment goes in as it was written").isEqualTo(TWO_LINES);
    assertThat(risk.getString("description")).endsWith("Answer: " + question("gv-risk").option("1").orElseThrow()
        .label());

    JsonArray findings = result.getJsonArray("findings");
    assertThat(findings.stream().map(f -> ((JsonObject) f).getJsonObject("target").getString("target-id")))
        .as("one finding per NIST subcategory of each question not fully met")
        .containsExactlyInAnyOrder("GV.RR-01", "GV.RR-02", "GV.RM-01", "GV.RM-02", "ID.RA-05", "PR.AA-03");
    for (Object o : findings) {
      JsonObject f = (JsonObject) o;
      assertThat(f.getJsonObject("target").getString("type")).isEqualTo("objective-id");
      assertThat(f.getJsonObject("target").getJsonObject("status").getString("state")).isEqualTo("not-satisfied");
      String questionId = prop(f, "question-id");
      String observation = observations.stream().map(x -> (JsonObject) x)
          .filter(x -> prop(x, "question-id").equals(questionId)).findFirst().orElseThrow().getString("uuid");
      assertThat(f.getJsonArray("related-observations").getJsonObject(0).getString("observation-uuid"))
          .isEqualTo(observation);
      assertThat(f.getString("title")).isEqualTo(question(questionId).text());
    }
    assertThat(get(oscal(""), alice).bodyAsString()).as("the same version exports the same document")
        .isEqualTo(r.bodyAsString());
  }

  @Test
  void versionPicksAnOlderReportWithTheAnswersAsTheyStoodThen() {
    HttpResponse<Buffer> first = get(oscal("?version=1"), alice);
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.getHeader("Content-Disposition")).contains("-v1-oscal-assessment-results.json");
    assertThat(OscalSchema.validate(first.bodyAsString())).isEmpty();
    JsonObject result = first.bodyAsJsonObject().getJsonObject("assessment-results").getJsonArray("results")
        .getJsonObject(0);
    assertThat(first.bodyAsJsonObject().getJsonObject("assessment-results").getJsonObject("metadata")
        .getString("version")).isEqualTo("1");
    assertThat(result.getJsonArray("observations")).hasSize(1);
    JsonObject owner = result.getJsonArray("observations").getJsonObject(0);
    assertThat(owner.getString("description")).endsWith("Answer: Yes");
    assertThat(owner.getString("remarks")).isEqualTo(FORMULA);
    assertThat(result.containsKey("findings")).as("nothing was unmet at version 1").isFalse();

    JsonObject third = get(oscal("?version=3"), alice).bodyAsJsonObject().getJsonObject("assessment-results")
        .getJsonArray("results").getJsonObject(0);
    assertThat(third.getJsonArray("findings").stream()
        .map(f -> ((JsonObject) f).getJsonObject("target").getString("target-id")))
        .containsExactlyInAnyOrder("GV.RM-01", "GV.RM-02", "ID.RA-05", "PR.AA-03");
  }

  // ------------------------------------------------------------------ language

  @Test
  void theOscalExportSpeaksTheRequestsLanguageAndStillValidates() {
    HttpResponse<Buffer> r = get(oscal("?lang=de"), alice);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(OscalSchema.validate(r.bodyAsString())).as("errors of the German document against NIST's schema")
        .isEmpty();
    JsonObject ar = r.bodyAsJsonObject().getJsonObject("assessment-results");
    assertThat(languageOf(ar)).as("the metadata names the language").isEqualTo("de");
    assertThat(ar.getJsonObject("metadata").getString("title")).isEqualTo(TITLE
        + ": Bastion-Bewertungsergebnisse, Version 4");
    JsonObject result = ar.getJsonArray("results").getJsonObject(0);
    assertThat(result.getString("description")).as("tier name from the tier number, in German")
        .contains("Stufe 2 (Risikoinformiert)");
    JsonArray observations = result.getJsonArray("observations");
    assertThat(observation(observations, "gv-owner").getString("description")).startsWith("Frage: ")
        .endsWith("Antwort: Nein");
    assertThat(observation(observations, "gv-owner").getJsonArray("relevant-evidence").getJsonObject(0)
        .getString("description")).contains("abgelaufen seit 2020-01-01");

    // Accept-Language when there is no lang parameter; lang wins over Accept-Language; English by default.
    JsonObject byHeader = http.get(oscal(""), HttpProbe.headers("Authorization", "Bearer " + alice.token(),
        "Accept-Language", "de-CH, en;q=0.5")).bodyAsJsonObject().getJsonObject("assessment-results");
    assertThat(languageOf(byHeader)).isEqualTo("de");
    JsonObject paramWins = http.get(oscal("?lang=en"), HttpProbe.headers("Authorization", "Bearer " + alice.token(),
        "Accept-Language", "de")).bodyAsJsonObject().getJsonObject("assessment-results");
    assertThat(languageOf(paramWins)).isEqualTo("en");
    assertThat(languageOf(get(oscal(""), alice).bodyAsJsonObject().getJsonObject("assessment-results")))
        .isEqualTo("en");
  }

  @Test
  void theWorkbookSpeaksTheRequestsLanguage() throws IOException {
    HttpResponse<Buffer> r = get(workbook("?lang=de"), alice);
    assertThat(r.statusCode()).isEqualTo(200);
    try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(r.bodyAsBuffer().getBytes()))) {
      List<String> sheets = IntStream.range(0, book.getNumberOfSheets()).mapToObj(book::getSheetName).toList();
      assertThat(sheets).containsExactly("Übersicht", "Antworten", "Befunde", "Verlauf der Bewertung",
          "Maßnahmenplan", "Zielwerte", "Nachweise");
      Sheet summary = book.getSheet("Übersicht");
      assertThat(texts(summary.getRow(0))).containsExactly("Angabe", "Wert");
      assertThat(rowStarting(summary, "Name der Stufe")).containsExactly("Name der Stufe", "Risikoinformiert");
      assertThat(rowStarting(summary, "Sprache")).containsExactly("Sprache", "de");
      assertThat(summary.getRow(5).getCell(1).getCellType()).as("the report time stays a typed cell")
          .isEqualTo(CellType.NUMERIC);
      Sheet answers = book.getSheet("Antworten");
      assertThat(texts(answers.getRow(0))).containsExactly("Fragen-ID", "Funktion", "Frage", "Antwort", "Kommentar",
          "Beantwortet von", "Beantwortet am (UTC)", "Version");
      String german = Fixtures.catalogues().get("baseline", baseline().version(), Language.DE).orElseThrow()
          .question("gv-owner").orElseThrow().text();
      assertThat(texts(answers.getRow(1))).as("the question in the catalogue's German (English where it has none)")
          .startsWith("gv-owner", "Steuern", german, "Nein");
      assertThat(answers.getRow(1).getCell(7).getCellType()).as("a version stays a number").isEqualTo(CellType.NUMERIC);
      Sheet findings = book.getSheet("Befunde");
      assertThat(texts(findings.getRow(0))).startsWith("Rang", "Fragen-ID", "Funktion", "Frage", "Antwort");
      Sheet history = book.getSheet("Verlauf der Bewertung");
      assertThat(texts(history.getRow(0))).containsExactly("Version", "Zeit (UTC)", "Gesamtpunktzahl", "Stufe", "Steuern",
          "Schützen");
      Sheet evidence = book.getSheet("Nachweise");
      List<String> rows = List.of(String.join("|", texts(evidence.getRow(1))),
          String.join("|", texts(evidence.getRow(2))));
      assertThat(rows).anySatisfy(row -> assertThat(row).startsWith("gv-owner|").contains("|Link|Owner letter|")
          .contains("|Ja|"));
      assertThat(rows).anySatisfy(row -> assertThat(row).startsWith("gv-risk|").contains("|Datei|risks.txt|"));
    }
  }

  private static List<String> rowStarting(Sheet sheet, String first) {
    for (Row row : sheet) {
      List<String> texts = texts(row);
      if (!texts.isEmpty() && texts.get(0).equals(first)) {
        return texts;
      }
    }
    throw new AssertionError("no row " + first + " in " + sheet.getSheetName());
  }

  private static String languageOf(JsonObject document) {
    return document.getJsonObject("metadata").getJsonArray("props").stream().map(JsonObject.class::cast)
        .filter(p -> p.getString("name").equals("language")).findFirst().orElseThrow().getString("value");
  }

  // ------------------------------------------------------------------ workbook

  @Test
  void theWorkbookReadBackCellByCell() throws IOException {
    HttpResponse<Buffer> r = get(workbook(""), alice);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.getHeader("Content-Type")).isEqualTo(XLSX);
    assertThat(r.getHeader("Content-Disposition"))
        .isEqualTo("attachment; filename=\"bastion-" + assessment + "-v4.xlsx\"");
    assertThat(r.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
    try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(r.bodyAsBuffer().getBytes()))) {
      assertThat(IntStream.range(0, book.getNumberOfSheets()).mapToObj(book::getSheetName))
          .containsExactly("Summary", "Answers", "Findings", "Score history", "Action plan", "Targets", "Evidence");

      Sheet summary = book.getSheet("Summary");
      assertThat(texts(summary.getRow(1))).containsExactly("Assessment", TITLE);
      assertThat(texts(summary.getRow(3))).containsExactly("Catalogue", "baseline " + baseline().version());
      assertThat(texts(summary.getRow(4))).containsExactly("Version exported", "4");
      assertThat(texts(summary.getRow(6))).containsExactly("Overall score", "40");

      Sheet answers = book.getSheet("Answers");
      assertThat(texts(answers.getRow(0))).containsExactly("Question id", "Function", "Question", "Answer",
          "Comment", "Answered by", "Answered at (UTC)", "Version");
      assertThat(answers.getLastRowNum()).isEqualTo(3);
      List<String> owner = texts(answers.getRow(1));
      assertThat(owner.subList(0, 6)).containsExactly("gv-owner", "Govern", question("gv-owner").text(), "No",
          "owner left", alice.email());
      assertThat(answers.getRow(1).getCell(6).getLocalDateTimeCellValue()).isNotNull();
      assertThat(answers.getRow(1).getCell(7).getNumericCellValue()).isEqualTo(4.0);
      assertThat(texts(answers.getRow(2)).subList(0, 5)).containsExactly("gv-risk", "Govern",
          question("gv-risk").text(), question("gv-risk").option("1").orElseThrow().label(), TWO_LINES);

      Sheet findings = book.getSheet("Findings");
      assertThat(texts(findings.getRow(0))).containsExactly("Rank", "Question id", "Function", "Question", "Answer",
          "Weight", "Priority", "Recommendation", "Effort", "Impact", "NIST CSF 2.0");
      assertThat(findings.getLastRowNum()).isEqualTo(3);
      List<String> mfa = rowOf(findings, "pr-mfa-email");
      assertThat(mfa.subList(2, 11)).containsExactly("Protect", question("pr-mfa-email").text(), "No", "5", "5",
          question("pr-mfa-email").recommendation().text(), "quick-win", "high", "PR.AA-03");
      assertThat(rowOf(findings, "gv-risk").get(10)).isEqualTo("GV.RM-01, GV.RM-02, ID.RA-05");

      Sheet history = book.getSheet("Score history");
      assertThat(texts(history.getRow(0))).containsExactly("Version", "Time (UTC)", "Overall score", "Tier",
          "Govern", "Protect");
      assertThat(history.getLastRowNum()).isEqualTo(4);
      for (int v = 1; v <= 4; v++) {
        List<String> row = texts(history.getRow(v));
        assertThat(row.get(0)).isEqualTo(String.valueOf(v));
        assertThat(row.get(2)).isEqualTo(String.valueOf(10 * v));
        assertThat(row.get(5)).isEqualTo(String.valueOf(5 * v));
      }
    }
  }

  @Test
  void aCommentThatLooksLikeAFormulaStaysText() throws IOException {
    HttpResponse<Buffer> r = get(workbook("?version=1"), alice);
    assertThat(r.statusCode()).isEqualTo(200);
    try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(r.bodyAsBuffer().getBytes()))) {
      Sheet answers = book.getSheet("Answers");
      assertThat(answers.getLastRowNum()).as("one answer at version 1").isEqualTo(1);
      assertThat(texts(answers.getRow(1)).get(3)).isEqualTo("Yes");
      Cell comment = answers.getRow(1).getCell(4);
      assertThat(comment.getCellType()).isEqualTo(CellType.STRING);
      assertThat(comment.getStringCellValue()).isEqualTo(FORMULA);
      assertThat(comment.getCellStyle().getQuotePrefixed()).as("quote-prefixed: editing keeps it text").isTrue();
      assertThat(book.getSheet("Score history").getLastRowNum()).isEqualTo(1);
      assertThat(book.getSheet("Findings").getLastRowNum()).isZero();
    }
  }

  // ------------------------------------------------------------------ who may download

  @Test
  void aViewerOfTheOrganisationMayDownloadAndAViewerOfAnotherOneGets404() {
    assertThat(get(oscal(""), carol).statusCode()).isEqualTo(200);
    assertThat(get(workbook(""), carol).statusCode()).isEqualTo(200);
    assertRefused(get(oscal(""), dave), 404, "NOT_FOUND");
    assertRefused(get(workbook(""), dave), 404, "NOT_FOUND");
  }

  @Test
  void refusals() {
    assertRefused(http.get(oscal(""), HttpProbe.headers()), 401, "UNAUTHENTICATED");
    assertRefused(http.get(workbook(""), HttpProbe.headers("Authorization", "Bearer forged")), 401,
        "UNAUTHENTICATED");
    assertRefused(get("/export/not-a-uuid/bastion.xlsx", alice), 400, "INVALID_INPUT");
    for (String bad : List.of("abc", "0", "-1", "1.5", "99999999999999999999", "1&version=2")) {
      assertRefused(get(oscal("?version=" + bad), alice), 400, "INVALID_INPUT");
    }
    assertRefused(get(oscal("?version=99"), alice), 404, "NOT_FOUND");
    assertRefused(get("/export/" + UUID.randomUUID() + "/oscal-assessment-results.json", alice), 404,
        "NOT_FOUND");
    assertRefused(get("/export/" + assessment + "/report.pdf", alice), 404, "NOT_FOUND");
    Session bob = api.signUp(UserNode.email("bob"), UserNode.PASSWORD);
    assertRefused(get(oscal(""), bob), 404, "NOT_FOUND");
    String unscored = api.startAssessment(bob.token(), "baseline", "not answered yet");
    assertRefused(get("/export/" + unscored + "/bastion.xlsx", bob), 404, "NOT_FOUND");
    // The page's link: the session cookie counts for a same-origin navigation, not from another site.
    assertThat(http.get(workbook(""), HttpProbe.headers("Cookie", "bastion_token=" + alice.token(),
        "Sec-Fetch-Site", "same-origin")).statusCode()).isEqualTo(200);
    assertRefused(http.get(workbook(""), HttpProbe.headers("Cookie", "bastion_token=" + alice.token(),
        "Sec-Fetch-Site", "cross-site")), 403, "FORBIDDEN");
  }

  @Test
  void aDatabaseOutageIs503WithRetryAfter() {
    try (TcpProxy proxy = TcpProxy.start(vertx, "127.0.0.1", TestDatabase.port())) {
      UserNode cut = UserNode.start(vertx, new JsonObject().put("db.port", proxy.port()));
      Session erin = cut.graphql().signUp(UserNode.email("erin"), UserNode.PASSWORD);
      String id = cut.graphql().startAssessment(erin.token(), "baseline", "during an outage");
      HttpProbe probe = new HttpProbe(vertx, cut.port());
      proxy.cut();
      HttpResponse<Buffer> r = probe.get("/export/" + id + "/oscal-assessment-results.json",
          HttpProbe.headers("Authorization", "Bearer " + erin.token()));
      assertRefused(r, 503, "UNAVAILABLE");
      assertThat(r.getHeader("Retry-After")).isEqualTo("5");
    }
  }

  // ------------------------------------------------------------------ helpers

  /** The stand-in security node: every answer not fully met is a finding; the score is 10 x the version. */
  static void score(Message<AnswerEvent> message) {
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
    double score = 10.0 * e.version();
    message.reply(new ReportEvent(e.eventId(), e.accountId(), e.assessmentId(), e.version(), e.catalogueId(),
        e.catalogueVersion(), "stand-in", score, 2, "Risk Informed", false, e.answers().size(), 47, 0.1,
        List.of(new FunctionScore("GV", "Govern", score, 1.0, 7, 1),
            new FunctionScore("PR", "Protect", score / 2, 1.0, 10, 1)),
        findings, List.of(), null, "export-test", Instant.now()));
  }

  private void answer(String questionId, String value, String comment) {
    api.call(alice.token(), ANSWER, new JsonObject().put("a", assessment).put("q", questionId).put("v", value)
        .put("c", comment)).data();
  }

  private List<Long> reportVersions() {
    return api.assessment(alice.token(), assessment).getJsonArray("reports").stream()
        .map(r -> ((JsonObject) r).getLong("version")).toList();
  }

  private String oscal(String query) {
    return "/export/" + assessment + "/oscal-assessment-results.json" + query;
  }

  private String workbook(String query) {
    return "/export/" + assessment + "/bastion.xlsx" + query;
  }

  private HttpResponse<Buffer> get(String path, Session who) {
    return http.get(path, HttpProbe.headers("Authorization", "Bearer " + who.token()));
  }

  private static void assertRefused(HttpResponse<Buffer> r, int status, String code) {
    String text = String.valueOf(r.bodyAsString());
    assertThat(r.statusCode()).as(text.substring(0, Math.min(300, text.length()))).isEqualTo(status);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/json");
    JsonObject body = r.bodyAsJsonObject();
    assertThat(body.getString("code")).isEqualTo(code);
    assertThat(body.getInteger("status")).isEqualTo(status);
    assertThat(body.fieldNames()).containsExactlyInAnyOrder("error", "status", "code");
  }

  private static Catalogue baseline() {
    return Fixtures.baseline();
  }

  private static Question question(String id) {
    return baseline().question(id).orElseThrow();
  }

  private static List<String> nistIds(List<Question> questions) {
    Set<String> ids = new LinkedHashSet<>();
    questions.forEach(q -> q.references().stream().filter(r -> r.framework().equals(Reference.NIST_CSF))
        .forEach(r -> ids.add(r.id())));
    return List.copyOf(ids);
  }

  private static List<String> controlIds(JsonObject result) {
    return result.getJsonObject("reviewed-controls").getJsonArray("control-selections").getJsonObject(0)
        .getJsonArray("include-controls").stream().map(c -> ((JsonObject) c).getString("control-id")).toList();
  }

  private static String prop(JsonObject item, String name) {
    return item.getJsonArray("props").stream().map(p -> (JsonObject) p)
        .filter(p -> p.getString("name").equals(name)).findFirst().orElseThrow().getString("value");
  }

  /** The row's cells as a spreadsheet shows them. */
  private static List<String> texts(Row row) {
    DataFormatter shown = new DataFormatter();
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < row.getLastCellNum(); i++) {
      Cell c = row.getCell(i);
      texts.add(c == null ? "" : shown.formatCellValue(c));
    }
    return texts;
  }

  private static List<String> rowOf(Sheet sheet, String questionId) {
    for (int i = 1; i <= sheet.getLastRowNum(); i++) {
      List<String> row = texts(sheet.getRow(i));
      if (row.get(1).equals(questionId)) {
        return row;
      }
    }
    throw new AssertionError("no row of " + questionId + " in " + sheet.getSheetName());
  }
}
