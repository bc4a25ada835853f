package io.bastion.security.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.catalogue.Catalogue;
import io.bastion.catalogue.CsfFunction;
import io.bastion.catalogue.Question;
import io.bastion.codecs.Finding;
import io.bastion.codecs.FunctionScore;
import io.bastion.codecs.ReportEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A security node scores answers to the shipped csf-2.0 catalogue (conf/catalogues/csf-2.0.yaml) like any other. */
class CsfCatalogueScoringTest {

  private static final Catalogue CSF = TestCatalogues.CSF;

  @Test
  void everySubcategoryAtLevelFourScoresOneHundredWithNoFindings() {
    ReportEvent r = GoldenReportsTest.report(CSF, 1, all("4"), null, null);
    assertThat(r.catalogueId()).isEqualTo("csf-2.0");
    assertThat(r.score()).isEqualTo(100.0);
    assertThat(r.complete()).isTrue();
    assertThat(r.answered()).isEqualTo(106);
    assertThat(r.applicable()).isEqualTo(106);
    assertThat(r.functions()).hasSize(6).allSatisfy(f -> assertThat(f.score()).isEqualTo(100.0));
    assertThat(r.findings()).isEmpty();
  }

  @Test
  void everySubcategoryAtLevelZeroScoresZeroWithAFindingEach() {
    ReportEvent r = GoldenReportsTest.report(CSF, 1, all("0"), null, null);
    assertThat(r.score()).isEqualTo(0.0);
    assertThat(r.tier()).isEqualTo(1);
    assertThat(r.functions()).allSatisfy(f -> assertThat(f.score()).isEqualTo(0.0));
    assertThat(r.findings()).hasSize(106);
    assertThat(r.findings()).extracting(Finding::questionId).contains("gv-oc-01", "rc-co-04");
  }

  @Test
  void levelsScoreAQuarterEachAndFunctionsCountTheirOwnQuestions() {
    // Govern at level 2 (half), everything else fully achieved: Govern 50, the others 100.
    Map<String, String> answers = new LinkedHashMap<>();
    for (Question q : CSF.questions()) {
      answers.put(q.id(), q.function() == CsfFunction.GV ? "2" : "4");
    }
    ReportEvent r = GoldenReportsTest.report(CSF, 1, answers, null, null);
    Map<String, Double> byFunction = new LinkedHashMap<>();
    for (FunctionScore f : r.functions()) {
      byFunction.put(f.function(), f.score());
    }
    assertThat(byFunction).containsEntry("GV", 50.0).containsEntry("PR", 100.0).containsEntry("RC", 100.0);
    assertThat(r.findings()).hasSize(31).allSatisfy(f -> {
      assertThat(f.function()).isEqualTo("GV");
      assertThat(f.score()).isEqualTo(0.5);
    });
    assertThat(r.score()).isStrictlyBetween(50.0, 100.0);
  }

  private static Map<String, String> all(String level) {
    Map<String, String> answers = new LinkedHashMap<>();
    CSF.questions().forEach(q -> answers.put(q.id(), level));
    return answers;
  }

  @Test
  void categoriesScoreLikeFunctionsOverTheirOwnQuestions() {
    Map<String, String> answers = new LinkedHashMap<>();
    for (Question q : CSF.questions()) {
      answers.put(q.id(), q.function() == CsfFunction.GV ? "2" : "4");
    }
    // GV.OC: three of its five at level 4, two unanswered (a gap each): 60 over five applicable, three answered.
    answers.put("gv-oc-01", "4");
    answers.put("gv-oc-02", "4");
    answers.put("gv-oc-03", "4");
    answers.remove("gv-oc-04");
    answers.remove("gv-oc-05");
    ReportEvent r = GoldenReportsTest.report(CSF, 1, answers, null, null);
    assertThat(r.categories()).as("every category of CSF 2.0, in order").hasSize(22);
    assertThat(r.categories().get(0).category()).isEqualTo("GV.OC");
    Map<String, io.bastion.codecs.CategoryScore> byId = new LinkedHashMap<>();
    r.categories().forEach(c -> byId.put(c.category(), c));
    assertThat(byId.get("GV.OC").score()).isEqualTo(60.0);
    assertThat(byId.get("GV.OC").applicable()).isEqualTo(5);
    assertThat(byId.get("GV.OC").answered()).isEqualTo(3);
    assertThat(byId.get("GV.OC").title()).isEqualTo("Organizational Context");
    assertThat(byId.get("GV.RM").score()).as("the rest of Govern at level 2").isEqualTo(50.0);
    assertThat(byId.get("PR.AA").score()).isEqualTo(100.0);
    assertThat(byId.get("PR.AA").function()).isEqualTo("PR");
  }

  @Test
  void aCatalogueWithoutCategoriesHasNoCategoryScores() {
    ReportEvent r = GoldenReportsTest.report(TestCatalogues.BASELINE, 1, Map.of("gv-owner", "yes"), null, null);
    assertThat(r.categories()).isEmpty();
  }
}
