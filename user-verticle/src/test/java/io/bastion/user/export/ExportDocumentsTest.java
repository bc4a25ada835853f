package io.bastion.user.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bastion.catalogue.Catalogue;
import io.bastion.user.assessment.ActionItem;
import io.bastion.user.assessment.Person;
import io.bastion.user.testing.Fixtures;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

/**
 * The documents built from hand-made export data, without a node: what users write cannot break the OSCAL
 * document (line breaks in one-line fields, a catalogue this node does not have) nor become a formula in the
 * workbook (every character a spreadsheet starts a formula with, and text over Excel's cell limit).
 */
class ExportDocumentsTest {

  private static final Instant STARTED = Instant.parse("2026-01-02T03:04:05Z");
  private static final Instant REPORTED = Instant.parse("2026-01-03T03:04:05.123456Z");

  @Test
  void lineBreaksInOneLineFieldsBecomeSpacesAndTheDocumentStaysValid() {
    ExportData data = data("Line one\r\nline two\u2028three\t", Optional.of(Fixtures.baseline()),
        List.of(answer("gv-owner", "no", "a comment\nover lines")));
    JsonObject document = OscalResults.of(data);
    assertThat(OscalSchema.validate(document)).isEmpty();
    JsonObject ar = document.getJsonObject("assessment-results");
    assertThat(ar.getJsonObject("metadata").getString("title"))
        .isEqualTo("Line one line two three: Bastion assessment results, version 3");
    assertThat(ar.getJsonArray("results").getJsonObject(0).getJsonArray("observations").getJsonObject(0)
        .getString("remarks")).isEqualTo("a comment\nover lines");
    assertThat(OscalResults.of(data).encode()).as("built twice, the same document").isEqualTo(document.encode());
  }

  @Test
  void aCatalogueThisNodeDoesNotHaveStillGivesAValidDocumentWithTheIds() {
    ExportData data = data("Old", Optional.empty(), List.of(answer("gv-owner", "no", null)));
    JsonObject result = OscalResults.of(data).getJsonObject("assessment-results").getJsonArray("results")
        .getJsonObject(0);
    assertThat(OscalSchema.validate(OscalResults.of(data))).isEmpty();
    assertThat(result.getJsonObject("reviewed-controls").getJsonArray("control-selections").getJsonObject(0)
        .containsKey("include-all")).isTrue();
    assertThat(result.getJsonArray("findings").getJsonObject(0).getJsonObject("target").getString("target-id"))
        .as("without the catalogue's references, the question id").isEqualTo("gv-owner");
  }

  @Test
  void textThatASpreadsheetWouldTakeForAFormulaIsAQuotePrefixedString() throws IOException {
    List<String> risky = List.of("=1+1", "+1", "-2", "@SUM(A1:A2)", "\t=1", "\r=1");
    List<ExportData.Answer> answers = new ArrayList<>();
    for (int i = 0; i < risky.size(); i++) {
      answers.add(answer("q" + i, "yes", risky.get(i)));
    }
    answers.add(answer("q-long", "yes", "x".repeat(ExportWorkbook.MAX_CELL_TEXT + 10)));
    answers.add(answer("q-plain", "yes", "plain text"));
    byte[] bytes = ExportWorkbook.of(data("Formulas", Optional.empty(), answers));
    try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(bytes))) {
      Sheet sheet = book.getSheet(ExportWorkbook.ANSWERS);
      for (int row = 1; row <= sheet.getLastRowNum(); row++) {
        Cell comment = sheet.getRow(row).getCell(4);
        String question = sheet.getRow(row).getCell(0).getStringCellValue();
        assertThat(comment.getCellType()).as(question).isEqualTo(CellType.STRING);
        boolean risk = question.matches("q[0-9]");
        if (risk) {
          assertThat(comment.getStringCellValue()).isEqualTo(risky.get(Integer.parseInt(question.substring(1))));
        }
        assertThat(comment.getCellStyle().getQuotePrefixed()).as(question).isEqualTo(risk);
        if (question.equals("q-long")) {
          assertThat(comment.getStringCellValue()).hasSize(ExportWorkbook.MAX_CELL_TEXT);
        }
      }
    }
  }

  @Test
  void aPoamOfItemsWithoutOwnerDateOrKnownCatalogueIsStillValid() {
    ActionItem bare = new ActionItem(UUID.fromString("00000000-0000-4000-8000-0000000000a1"), "gv-owner",
        "Title over\r\ntwo lines\u2028", null, null, ActionItem.OPEN, ActionItem.OPEN, false, null, false, null,
        STARTED, REPORTED);
    ActionItem accepted = new ActionItem(UUID.fromString("00000000-0000-4000-8000-0000000000a2"), "gone-question",
        "Accepted", new Person(UUID.fromString("00000000-0000-4000-8000-0000000000b1"), "owner@example.com"),
        "2026-02-01", ActionItem.RISK_ACCEPTED, ActionItem.RISK_ACCEPTED, false, "why\nnot", false, null, STARTED,
        REPORTED.plusSeconds(60));
    ExportData base = data("Plan\nover lines", Optional.empty(), List.of(answer("gv-owner", "no", null)));
    ExportData data = new ExportData(base.assessmentId(), base.title(), base.catalogueId(), base.catalogueVersion(),
        base.startedAt(), base.version(), base.reportedAt(), base.report(), base.answers(), base.history(),
        base.catalogue(), List.of(bare, accepted), List.of());
    JsonObject document = OscalPoam.of(data);
    assertThat(OscalSchema.validatePoam(document)).isEmpty();
    JsonObject poam = document.getJsonObject("plan-of-action-and-milestones");
    assertThat(poam.getJsonObject("metadata").getString("title"))
        .isEqualTo("Plan over lines: Bastion plan of action and milestones");
    assertThat(poam.getJsonObject("metadata").getString("last-modified"))
        .as("the latest change of the plan").isEqualTo(REPORTED.plusSeconds(60).toString());
    assertThat(poam.getJsonArray("poam-items").getJsonObject(0).getString("title")).isEqualTo("Title over two lines");
    assertThat(poam.getJsonArray("findings").stream()
        .map(f -> ((JsonObject) f).getJsonObject("target").getString("target-id")))
        .as("without the catalogue's references, the question ids").containsExactly("gv-owner", "gone-question");
    assertThat(OscalPoam.of(data).encode()).as("built twice, the same document").isEqualTo(document.encode());
    assertThatThrownBy(() -> OscalPoam.of(base)).as("a POA&M needs an item")
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static ExportData.Answer answer(String questionId, String value, String comment) {
    return new ExportData.Answer(questionId, value, comment, 1, REPORTED, UUID.randomUUID(), "someone@example.com");
  }

  /** Version 3 of an assessment with these answers; every "no" is a finding. */
  private static ExportData data(String title, Optional<Catalogue> catalogue, List<ExportData.Answer> answers) {
    JsonArray findings = new JsonArray();
    for (ExportData.Answer a : answers) {
      if (a.value().equals("no")) {
        findings.add(new JsonObject().put("rank", findings.size() + 1).put("questionId", a.questionId())
            .put("function", "GV").put("answer", "no").put("score", 0.0).put("weight", 5.0).put("priority", 5.0)
            .put("effort", "quick-win").put("impact", "high"));
      }
    }
    JsonObject report = new JsonObject().put("score", 12.5).put("tier", 1).put("tierName", "Partial")
        .put("answered", answers.size()).put("applicable", 47)
        .put("functions", new JsonArray().add(new JsonObject().put("function", "GV").put("score", 12.5)))
        .put("findings", findings);
    return new ExportData(UUID.fromString("00000000-0000-4000-8000-000000000001"), title, "baseline", "2026.1",
        STARTED, 3, REPORTED, report, answers,
        List.of(new ExportData.ScorePoint(3, REPORTED, 12.5, 1, Map.of("GV", 12.5))), catalogue, List.of(),
        List.of());
  }
}
