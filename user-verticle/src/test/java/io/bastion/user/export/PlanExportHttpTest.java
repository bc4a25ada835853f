package io.bastion.user.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bastion.catalogue.Question;
import io.bastion.codecs.Addresses;
import io.bastion.codecs.AnswerEvent;
import io.bastion.user.testing.Fixtures;
import io.bastion.user.testing.GraphQLClient;
import io.bastion.user.testing.GraphQLClient.Session;
import io.bastion.user.testing.HttpProbe;
import io.bastion.user.testing.TeamRows;
import io.bastion.user.testing.UserNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
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
 * The action plan and the targets in the exports, through a real user node, real HTTP and the test PostgreSQL. An
 * assessment of the baseline catalogue (scored by ExportHttpTest's stand-in: 10 x version overall, Govern the same,
 * Protect half) with targets GV 80 and PR 30 and a plan of four items: gv-owner open, owned by a VIEWER of the
 * organisation, due in a month; pr-mfa-email in progress and overdue; gv-risk risk accepted with a reason (title and
 * reason that look like formulas); pr-mfa-admin overdue until its question is answered fully, which closes it. Then:
 * the OSCAL POA&M validates against NIST's schema and holds those items, risks and statuses; {@code ?version=} does
 * not change it; who may download; the workbook's Action plan and Targets sheets read back cell by cell.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlanExportHttpTest {

  private static final String FORMULA_TITLE = "=HYPERLINK(\"https://evil.example\",\"plan\")";
  private static final String REASON = "-1 budget this year; compensated by a yearly review\nsecond line";
  private static final String ANSWER = "mutation($a: ID!, $q: ID!, $v: String!) { answer(assessmentId: $a, "
      + "questionId: $q, value: $v) { version } }";
  private static final String CREATE = "mutation($a: ID!, $q: ID!, $t: String!, $o: ID, $d: String) { "
      + "createAction(assessmentId: $a, questionId: $q, title: $t, ownerId: $o, dueDate: $d) { id } }";
  private static final String UPDATE = "mutation($id: ID!, $s: ActionStatus, $r: String) { "
      + "updateAction(id: $id, status: $s, reason: $r) { id status } }";
  private static final String TARGET = "mutation($a: ID!, $f: String!, $s: Float) { "
      + "setTarget(assessmentId: $a, function: $f, score: $s) { function } }";

  private UserNode node;
  private GraphQLClient api;
  private HttpProbe http;
  private TeamRows teams;
  private Session alice;
  private Session carol;
  private Session dave;
  private String assessment;
  private String inAMonth;

  @BeforeAll
  void start(Vertx vertx) {
    node = UserNode.start(vertx);
    vertx.eventBus().<AnswerEvent>consumer(Addresses.ANSWERS, ExportHttpTest::score).completion().await();
    api = node.graphql();
    http = new HttpProbe(vertx, node.port());
    teams = new TeamRows(vertx);
    alice = api.signUp(UserNode.email("alice"), UserNode.PASSWORD);
    carol = api.signUp(UserNode.email("carol"), UserNode.PASSWORD);
    dave = api.signUp(UserNode.email("dave"), UserNode.PASSWORD);
    assessment = api.startAssessment(alice.token(), "baseline", "Plan Ltd");
    UUID organisation = teams.organisation();
    teams.member(organisation, alice.accountId(), "OWNER");
    teams.member(organisation, carol.accountId(), "VIEWER");
    teams.assessmentOf(organisation, assessment);
    answer("gv-owner", "no");
    answer("pr-mfa-email", "no");
    answer("gv-risk", "1");
    answer("pr-mfa-admin", "no");
    inAMonth = LocalDate.now(ZoneOffset.UTC).plusDays(30).toString();
    create("gv-owner", "Name a security owner", carol.accountId(), inAMonth);
    String mfa = create("pr-mfa-email", "Turn on MFA for mail", null, "2020-01-01");
    update(mfa, "IN_PROGRESS", null);
    String risk = create("gv-risk", FORMULA_TITLE, null, null);
    update(risk, "RISK_ACCEPTED", REASON);
    create("pr-mfa-admin", "MFA for administrators", null, "2020-01-01");
    answer("pr-mfa-admin", "yes");
    target("GV", 80.0);
    target("PR", 30.0);
    await().atMost(Duration.ofSeconds(30)).until(() -> reportVersions().contains(5L));
  }

  @AfterAll
  void stop() throws Exception {
    teams.close();
  }

  // ------------------------------------------------------------------ OSCAL POA&M

  @Test
  void thePoamIsValidAndHoldsThePlanWithItsStatuses() {
    HttpResponse<Buffer> r = get(poam(""), alice);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(r.getHeader("Content-Disposition"))
        .isEqualTo("attachment; filename=\"bastion-" + assessment + "-oscal-poam.json\"");
    assertThat(r.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(r.getHeader("Cache-Control")).isEqualTo("no-store");
    assertThat(OscalSchema.validatePoam(r.bodyAsString())).as("errors against NIST's POA&M schema").isEmpty();

    JsonObject poam = r.bodyAsJsonObject().getJsonObject("plan-of-action-and-milestones");
    assertThat(poam.getJsonObject("metadata").getString("oscal-version")).isEqualTo("1.2.1");
    assertThat(poam.getJsonObject("metadata").getString("title")).startsWith("Plan Ltd");
    assertThat(poam.getJsonObject("system-id").getString("id")).isEqualTo(assessment);
    assertThat(poam.getJsonObject("import-ssp").getString("href")).isEqualTo("#" + poam
        .getJsonObject("back-matter").getJsonArray("resources").getJsonObject(0).getString("uuid"));

    JsonArray items = poam.getJsonArray("poam-items");
    assertThat(items.stream().map(i -> prop((JsonObject) i, "question-id")))
        .containsExactly("gv-owner", "pr-mfa-email", "gv-risk", "pr-mfa-admin");
    Map<String, JsonObject> item = byQuestion(items);
    assertThat(item.values().stream().map(i -> prop(i, "status")))
        .containsExactlyInAnyOrder("OPEN", "IN_PROGRESS", "RISK_ACCEPTED", "DONE");
    assertThat(prop(item.get("gv-owner"), "status")).isEqualTo("OPEN");
    assertThat(prop(item.get("gv-owner"), "owner")).isEqualTo(carol.email());
    assertThat(prop(item.get("gv-owner"), "due-date")).isEqualTo(inAMonth);
    assertThat(prop(item.get("gv-owner"), "overdue")).isEqualTo("false");
    assertThat(props(item.get("gv-owner"), "control-id")).containsExactly("GV.RR-01", "GV.RR-02");
    assertThat(item.get("gv-owner").getString("description")).contains(question("gv-owner").text())
        .contains(question("gv-owner").recommendation().text());
    assertThat(prop(item.get("pr-mfa-email"), "overdue")).isEqualTo("true");
    assertThat(item.get("gv-risk").getString("title")).isEqualTo(FORMULA_TITLE);
    assertThat(item.get("gv-risk").getString("remarks")).isEqualTo("Risk accepted: " + REASON);
    assertThat(prop(item.get("pr-mfa-admin"), "closed-by-answer")).isEqualTo("true");
    assertThat(prop(item.get("pr-mfa-admin"), "overdue")).as("closed: no longer overdue").isEqualTo("false");

    // The owner is a party, the origin of the item and of its remediation.
    String carolParty = poam.getJsonObject("metadata").getJsonArray("parties").stream().map(p -> (JsonObject) p)
        .filter(p -> p.getString("name").equals(carol.email())).findFirst().orElseThrow().getString("uuid");
    assertThat(actor(item.get("gv-owner").getJsonArray("origins"))).isEqualTo(carolParty);

    Map<String, JsonObject> risks = poam.getJsonArray("risks").stream().map(x -> (JsonObject) x)
        .collect(Collectors.toMap(x -> x.getString("uuid"), Function.identity()));
    assertThat(risk(risks, item.get("gv-owner")).getString("status")).isEqualTo("open");
    assertThat(risk(risks, item.get("pr-mfa-email")).getString("status")).isEqualTo("remediating");
    assertThat(risk(risks, item.get("gv-risk")).getString("status")).isEqualTo("deviation-approved");
    assertThat(risk(risks, item.get("pr-mfa-admin")).getString("status")).isEqualTo("closed");
    JsonObject open = risk(risks, item.get("gv-owner"));
    assertThat(open.getString("deadline")).isEqualTo(inAMonth + "T23:59:59Z");
    JsonObject remediation = open.getJsonArray("remediations").getJsonObject(0);
    assertThat(actor(remediation.getJsonArray("origins"))).isEqualTo(carolParty);
    assertThat(remediation.getJsonArray("tasks").getJsonObject(0).getString("type")).isEqualTo("milestone");
    assertThat(remediation.getJsonArray("tasks").getJsonObject(0).getJsonObject("timing").getJsonObject("on-date")
        .getString("date")).isEqualTo(inAMonth + "T23:59:59Z");
    assertThat(risk(risks, item.get("gv-risk")).getJsonArray("remediations").getJsonObject(0)
        .getJsonArray("props").getJsonObject(0).getString("value")).isEqualTo("accept");

    // The findings target the question's NIST CSF 2.0 control ids; the one closed by its answer is satisfied.
    Map<String, JsonObject> findings = poam.getJsonArray("findings").stream().map(x -> (JsonObject) x)
        .collect(Collectors.toMap(x -> x.getString("uuid"), Function.identity()));
    List<String> targets = new ArrayList<>();
    for (JsonObject i : item.values()) {
      for (Object ref : i.getJsonArray("related-findings")) {
        JsonObject f = findings.get(((JsonObject) ref).getString("finding-uuid"));
        assertThat(f).as("the item's finding is in the document").isNotNull();
        targets.add(f.getJsonObject("target").getString("target-id"));
        assertThat(f.getJsonObject("target").getJsonObject("status").getString("state"))
            .isEqualTo(prop(i, "question-id").equals("pr-mfa-admin") ? "satisfied" : "not-satisfied");
      }
    }
    assertThat(targets).containsExactlyInAnyOrder("GV.RR-01", "GV.RR-02", "PR.AA-03", "GV.RM-01", "GV.RM-02",
        "ID.RA-05", "PR.AA-03");
    // The answers are observations, shared with the assessment-results export of the latest version.
    String observation = item.get("pr-mfa-email").getJsonArray("related-observations").getJsonObject(0)
        .getString("observation-uuid");
    JsonObject results = get("/export/" + assessment + "/oscal-assessment-results.json", alice).bodyAsJsonObject()
        .getJsonObject("assessment-results").getJsonArray("results").getJsonObject(0);
    assertThat(results.getJsonArray("observations").stream().map(o -> ((JsonObject) o).getString("uuid")))
        .contains(observation);
    assertThat(results.containsKey("poam-items")).isFalse();

    assertThat(get(poam(""), alice).bodyAsString()).as("an unchanged plan exports the same document")
        .isEqualTo(r.bodyAsString());
    assertThat(get(poam("?version=1"), alice).bodyAsString()).as("the plan is not versioned: ?version is ignored")
        .isEqualTo(r.bodyAsString());
  }

  @Test
  void whoMayDownloadThePoam() {
    assertThat(get(poam(""), carol).statusCode()).as("a VIEWER of the organisation").isEqualTo(200);
    assertRefused(get(poam(""), dave), 404, "NOT_FOUND");
    assertRefused(http.get(poam(""), HttpProbe.headers()), 401, "UNAUTHENTICATED");
    assertRefused(get("/export/not-a-uuid/oscal-poam.json", alice), 400, "INVALID_INPUT");
    assertRefused(get(poam("?version=abc"), alice), 400, "INVALID_INPUT");
    assertRefused(get("/export/" + UUID.randomUUID() + "/oscal-poam.json", alice), 404, "NOT_FOUND");
    // A scored assessment without a plan: a POA&M needs at least one item.
    String bare = api.startAssessment(dave.token(), "baseline", "no plan");
    api.call(dave.token(), ANSWER, new JsonObject().put("a", bare).put("q", "gv-owner").put("v", "no")).data();
    await().atMost(Duration.ofSeconds(30)).until(() -> get("/export/" + bare + "/bastion.xlsx", dave)
        .statusCode() == 200);
    HttpResponse<Buffer> none = get("/export/" + bare + "/oscal-poam.json", dave);
    assertRefused(none, 404, "NOT_FOUND");
    assertThat(none.bodyAsJsonObject().getString("error")).contains("no action plan");
  }

  // ------------------------------------------------------------------ workbook

  @Test
  void theWorkbooksActionPlanAndTargetsSheetsReadBackCellByCell() throws IOException {
    HttpResponse<Buffer> r = get("/export/" + assessment + "/bastion.xlsx", alice);
    assertThat(r.statusCode()).isEqualTo(200);
    try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(r.bodyAsBuffer().getBytes()))) {
      Sheet plan = book.getSheet("Action plan");
      assertThat(plan).as("an Action plan sheet").isNotNull();
      assertThat(texts(plan.getRow(0))).containsExactly("Question id", "Question", "Title", "Owner", "Due date",
          "Status", "Closed by answer", "Overdue", "Reason");
      assertThat(plan.getLastRowNum()).isEqualTo(4);
      assertThat(texts(plan.getRow(1))).containsExactly("gv-owner", question("gv-owner").text(),
          "Name a security owner", carol.email(), inAMonth, "Open", "No", "No");
      assertThat(plan.getRow(1).getCell(4).getLocalDateTimeCellValue().toLocalDate())
          .isEqualTo(LocalDate.parse(inAMonth));
      assertThat(texts(plan.getRow(2))).containsExactly("pr-mfa-email", question("pr-mfa-email").text(),
          "Turn on MFA for mail", alice.email(), "2020-01-01", "In progress", "No", "Yes");
      assertThat(texts(plan.getRow(3))).containsExactly("gv-risk", question("gv-risk").text(), FORMULA_TITLE,
          alice.email(), "", "Risk accepted", "No", "No", REASON);
      assertThat(texts(plan.getRow(4))).containsExactly("pr-mfa-admin", question("pr-mfa-admin").text(),
          "MFA for administrators", alice.email(), "2020-01-01", "Done", "Yes", "No");
      for (int column : new int[] {2, 8}) {
        Cell c = plan.getRow(3).getCell(column);
        assertThat(c.getCellType()).as("formula-looking text stays text").isEqualTo(CellType.STRING);
        assertThat(c.getCellStyle().getQuotePrefixed()).isTrue();
      }

      Sheet targets = book.getSheet("Targets");
      assertThat(targets).as("a Targets sheet").isNotNull();
      assertThat(texts(targets.getRow(0))).containsExactly("Function", "Target", "Current score", "Gap");
      assertThat(targets.getLastRowNum()).isEqualTo(2);
      // Version 5: Govern 50 against 80, Protect 25 against 30.
      assertThat(texts(targets.getRow(1))).containsExactly("Govern", "80", "50", "30");
      assertThat(texts(targets.getRow(2))).containsExactly("Protect", "30", "25", "5");
      assertThat(targets.getRow(1).getCell(3).getNumericCellValue()).isEqualTo(30.0);
    }
  }

  @Test
  void thePlanSpeaksTheRequestsLanguage() throws IOException {
    HttpResponse<Buffer> r = http.get(poam(""), HttpProbe.headers("Authorization", "Bearer " + alice.token(),
        "Accept-Language", "de-DE,de;q=0.9,en;q=0.8"));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    assertThat(OscalSchema.validatePoam(r.bodyAsString())).as("errors of the German POA&M against NIST's schema")
        .isEmpty();
    JsonObject poam = r.bodyAsJsonObject().getJsonObject("plan-of-action-and-milestones");
    assertThat(poam.getJsonObject("metadata").getJsonArray("props").getJsonObject(0).getString("value"))
        .as("the metadata's language").isEqualTo("de");
    assertThat(poam.getJsonObject("metadata").getString("title")).isEqualTo("Plan Ltd: Bastion-Maßnahmenplan mit "
        + "Meilensteinen");
    Map<String, JsonObject> items = byQuestion(poam.getJsonArray("poam-items"));
    assertThat(items.get("gv-risk").getString("remarks")).isEqualTo("Risiko akzeptiert: " + REASON);
    JsonObject risk = risk(poam.getJsonArray("risks").stream().map(x -> (JsonObject) x)
        .collect(Collectors.toMap(x -> x.getString("uuid"), Function.identity())), items.get("gv-owner"));
    assertThat(risk.getString("description")).startsWith("Frage gv-owner: ").contains("Antwort: Nein (Version ");

    HttpResponse<Buffer> xlsx = get("/export/" + assessment + "/bastion.xlsx?lang=de", alice);
    try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(xlsx.bodyAsBuffer().getBytes()))) {
      Sheet plan = book.getSheet("Maßnahmenplan");
      assertThat(plan).as("the action plan's German sheet").isNotNull();
      assertThat(texts(plan.getRow(0))).containsExactly("Fragen-ID", "Frage", "Titel", "Verantwortlich", "Fällig am",
          "Status", "Durch Antwort erledigt", "Überfällig", "Begründung");
      assertThat(texts(plan.getRow(1))).endsWith("Offen", "Nein", "Nein");
      assertThat(texts(plan.getRow(2))).endsWith("In Bearbeitung", "Nein", "Ja");
      assertThat(texts(plan.getRow(3))).endsWith("Risiko akzeptiert", "Nein", "Nein", REASON);
      assertThat(texts(plan.getRow(4))).endsWith("Erledigt", "Ja", "Nein");
      assertThat(plan.getRow(1).getCell(4).getLocalDateTimeCellValue().toLocalDate()).as("a due date stays a date")
          .isEqualTo(LocalDate.parse(inAMonth));
      Sheet targets = book.getSheet("Zielwerte");
      assertThat(texts(targets.getRow(0))).containsExactly("Funktion", "Zielwert", "Aktueller Wert", "Abstand");
      assertThat(texts(targets.getRow(1))).containsExactly("Steuern", "80", "50", "30");
      assertThat(texts(targets.getRow(2))).containsExactly("Schützen", "30", "25", "5");
    }
  }

  // ------------------------------------------------------------------ helpers

  private void answer(String questionId, String value) {
    api.call(alice.token(), ANSWER, new JsonObject().put("a", assessment).put("q", questionId).put("v", value))
        .data();
  }

  private String create(String questionId, String title, String ownerId, String due) {
    return api.call(alice.token(), CREATE, new JsonObject().put("a", assessment).put("q", questionId)
        .put("t", title).put("o", ownerId).put("d", due)).data().getJsonObject("createAction").getString("id");
  }

  private void update(String id, String status, String reason) {
    api.call(alice.token(), UPDATE, new JsonObject().put("id", id).put("s", status).put("r", reason)).data();
  }

  private void target(String function, double score) {
    api.call(alice.token(), TARGET, new JsonObject().put("a", assessment).put("f", function).put("s", score))
        .data();
  }

  private List<Long> reportVersions() {
    return api.assessment(alice.token(), assessment).getJsonArray("reports").stream()
        .map(r -> ((JsonObject) r).getLong("version")).toList();
  }

  private String poam(String query) {
    return "/export/" + assessment + "/oscal-poam.json" + query;
  }

  private HttpResponse<Buffer> get(String path, Session who) {
    return http.get(path, HttpProbe.headers("Authorization", "Bearer " + who.token()));
  }

  private static void assertRefused(HttpResponse<Buffer> r, int status, String code) {
    String text = String.valueOf(r.bodyAsString());
    assertThat(r.statusCode()).as(text.substring(0, Math.min(300, text.length()))).isEqualTo(status);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(r.bodyAsJsonObject().getString("code")).isEqualTo(code);
  }

  private static Question question(String id) {
    return Fixtures.baseline().question(id).orElseThrow();
  }

  private static Map<String, JsonObject> byQuestion(JsonArray items) {
    return items.stream().map(i -> (JsonObject) i)
        .collect(Collectors.toMap(i -> prop(i, "question-id"), Function.identity()));
  }

  private static JsonObject risk(Map<String, JsonObject> risks, JsonObject item) {
    return risks.get(item.getJsonArray("related-risks").getJsonObject(0).getString("risk-uuid"));
  }

  private static String actor(JsonArray origins) {
    return origins.getJsonObject(0).getJsonArray("actors").getJsonObject(0).getString("actor-uuid");
  }

  private static String prop(JsonObject item, String name) {
    List<String> values = props(item, name);
    assertThat(values).as("prop " + name).hasSize(1);
    return values.get(0);
  }

  private static List<String> props(JsonObject item, String name) {
    return item.getJsonArray("props").stream().map(p -> (JsonObject) p)
        .filter(p -> p.getString("name").equals(name)).map(p -> p.getString("value")).toList();
  }

  /** The row's cells as a spreadsheet shows them (dates as yyyy-mm-dd). */
  private static List<String> texts(Row row) {
    DataFormatter shown = new DataFormatter();
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < row.getLastCellNum(); i++) {
      Cell c = row.getCell(i);
      texts.add(c == null ? "" : shown.formatCellValue(c));
    }
    return texts;
  }
}
