package io.bastion.user.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.catalogue.Catalogue;
import io.bastion.catalogue.Language;
import io.bastion.catalogue.Question;
import io.bastion.codecs.Json;
import io.bastion.user.testing.Fixtures;
import io.bastion.user.testing.Reports;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The catalogue's words in a report: the one place they are joined to the scoring facts. */
class ReportTextTest {

  private final ReportText text = new ReportText(Fixtures.catalogues());
  private final Catalogue baseline = Fixtures.baseline();

  @Test
  void findingsQuickWinsAndChangesGetTheWordsOfTheReportsCatalogueVersion() {
    JsonObject report = facts();
    text.add(report);

    Question q = baseline.question(Reports.FINDING_QUESTION).orElseThrow();
    JsonObject finding = report.getJsonArray("findings").getJsonObject(0);
    assertThat(finding.getString("text")).as("ReportText: finding text").isEqualTo(q.text());
    assertThat(finding.getString("answerLabel")).as("ReportText: answer label of 'partial'").isEqualTo("Partly");
    assertThat(finding.getString("recommendation")).as("ReportText: recommendation")
        .isEqualTo(q.recommendation().text());
    assertThat(finding.getJsonArray("references")).as("ReportText: references").hasSize(q.references().size());
    assertThat(report.getJsonArray("quickWins").getJsonObject(0).getString("text")).as("ReportText: quick win text")
        .isEqualTo(q.text());
    assertThat(report.getJsonObject("delta").getJsonArray("improved").getJsonObject(0).getString("text"))
        .as("ReportText: text of a changed question")
        .isEqualTo(baseline.question(Reports.IMPROVED_QUESTION).orElseThrow().text());
  }

  @Test
  void theAnswerNaReadsNotApplicable() {
    Question allowsNa = baseline.questions().stream().filter(Question::allowNa).findFirst().orElseThrow();
    assertThat(ReportText.answerLabel(allowsNa, "na")).as("ReportText: label of na").isEqualTo("Not applicable");
    assertThat(ReportText.answerLabel(allowsNa, null)).as("ReportText: label of no answer").isNull();
    assertThat(ReportText.answerLabel(allowsNa, "unknown")).as("ReportText: an unknown value shows as itself")
        .isEqualTo("unknown");
  }

  @Test
  void aReportDeliveredWithinTheJvmGetsItsWordsToo() {
    // A JsonObject copied by the event bus holds JsonObjects and JsonArrays, not maps and lists.
    JsonObject copied = facts().copy();
    text.add(copied);
    assertThat(copied.getJsonArray("findings").getJsonObject(0).getString("text"))
        .as("ReportText on a bus-copied report").isNotBlank();
  }

  @Test
  void aReportOfAnUnknownCatalogueVersionStaysAsItIs() {
    JsonObject report = facts().put("catalogueVersion", "0-never");
    String before = report.encode();
    assertThat(text.add(report).encode()).as("ReportText with an unknown catalogue version").isEqualTo(before);
  }

  @Test
  void theSameReportReadsInGermanAndInEnglish() {
    Question q = baseline.question(Reports.FINDING_QUESTION).orElseThrow();
    JsonObject german = text.add(facts(), Language.DE);
    assertThat(german.getString("tierName")).as("tier 2 in German, from the number, not the stored English word")
        .isEqualTo("Risikoinformiert");
    assertThat(german.getJsonArray("functions").getJsonObject(0).getString("name")).as("GV in German")
        .isEqualTo("Steuern");
    JsonObject finding = german.getJsonArray("findings").getJsonObject(0);
    assertThat(finding.getString("answerLabel")).as("yes/no answer 'partial' in German").isEqualTo("Teilweise");
    Question inGerman = Fixtures.catalogues().get("baseline", baseline.version(), Language.DE).orElseThrow()
        .question(Reports.FINDING_QUESTION).orElseThrow();
    assertThat(finding.getString("text")).as("the catalogue's German text (English where it has none)")
        .isEqualTo(inGerman.text()).isNotEqualTo(q.text());
    assertThat(finding.getString("recommendation")).isEqualTo(inGerman.recommendation().text());

    JsonObject english = text.add(facts(), Language.EN);
    assertThat(english.getString("tierName")).isEqualTo("Risk Informed");
    assertThat(english.getJsonArray("functions").getJsonObject(0).getString("name")).isEqualTo("Govern");
    assertThat(english.getJsonArray("findings").getJsonObject(0).getString("answerLabel")).isEqualTo("Partly");
    assertThat(english.getJsonArray("findings").getJsonObject(0).getString("text")).isEqualTo(q.text());
  }

  @Test
  void notApplicableAndYesNoInGerman() {
    Question allowsNa = baseline.questions().stream().filter(Question::allowNa).findFirst().orElseThrow();
    assertThat(ReportText.answerLabel(allowsNa, "na", Language.DE)).isEqualTo("Nicht zutreffend");
    Question yesNo = baseline.question("gv-owner").orElseThrow();
    Question yesNoDe = Fixtures.catalogues().get("baseline", baseline.version(), Language.DE).orElseThrow()
        .question("gv-owner").orElseThrow();
    assertThat(ReportText.answerLabel(yesNoDe, "yes", Language.DE)).isEqualTo("Ja");
    assertThat(ReportText.answerLabel(yesNoDe, "no", Language.DE)).isEqualTo("Nein");
    assertThat(ReportText.answerLabel(yesNo, "yes", Language.EN)).isEqualTo("Yes");
  }

  @Test
  void categoryTitlesComeFromTheCatalogueInTheLanguageAndTheStoredOneStaysForAnUnknownCategory() {
    Catalogue csf = Fixtures.catalogues().latest("csf-2.0").orElseThrow();
    String id = csf.categories().get(0).id();
    JsonObject report = new JsonObject().put("catalogueId", csf.id()).put("catalogueVersion", csf.version())
        .put("tier", 1)
        .put("categories", new JsonArray()
            .add(new JsonObject().put("category", id).put("title", "stored words"))
            .add(new JsonObject().put("category", "XX.YY").put("title", "kept")));
    text.add(report, Language.DE);
    String expected = Fixtures.catalogues().get(csf.id(), csf.version(), Language.DE).orElseThrow().category(id)
        .orElseThrow().title();
    assertThat(report.getJsonArray("categories").getJsonObject(0).getString("title")).isEqualTo(expected);
    assertThat(report.getJsonArray("categories").getJsonObject(1).getString("title")).isEqualTo("kept");
    assertThat(report.getString("tierName")).isEqualTo("Partiell");
  }

  private static JsonObject facts() {
    return new JsonObject(Json.toString(Reports.of(UUID.randomUUID(), UUID.randomUUID(), 2)));
  }
}
