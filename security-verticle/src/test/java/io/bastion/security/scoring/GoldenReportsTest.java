package io.bastion.security.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.catalogue.Catalogue;
import io.bastion.catalogue.Option;
import io.bastion.catalogue.Question;
import io.bastion.codecs.AnswerEntry;
import io.bastion.codecs.AnswerEvent;
import io.bastion.codecs.AnswerState;
import io.bastion.codecs.Baseline;
import io.bastion.codecs.Delta;
import io.bastion.codecs.Finding;
import io.bastion.codecs.FunctionDelta;
import io.bastion.codecs.FunctionScore;
import io.bastion.codecs.QuestionChange;
import io.bastion.codecs.ReportEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Complete answer sets with the reports they must give, worked out by hand (see docs/scoring.md). */
class GoldenReportsTest {

  private static final Map<String, String> EXAMPLE_V5 = ordered(
      "gv-a", "partial", "gv-b", "3", "pr-a", "yes", "pr-b", "some", "pr-c", "no");

  @Test
  void workedExampleVersion5() {
    ReportEvent r = report(TestCatalogues.EXAMPLE, 5, EXAMPLE_V5, null, null);

    assertThat(r.score()).isEqualTo(44.8);
    assertThat(functionScores(r)).containsExactly(entry("GV", 62.5), entry("PR", 58.3), entry("DE", 0.0));
    assertThat(r.tier()).isEqualTo(1);
    assertThat(r.tierName()).isEqualTo("Partial");
    assertThat(r.complete()).isFalse();
    assertThat(r.answered()).isEqualTo(5);
    assertThat(r.applicable()).isEqualTo(6);
    assertThat(r.answeredShare()).isEqualTo(0.833);
    assertThat(r.findings()).extracting(Finding::questionId).containsExactly("pr-c", "de-a", "gv-a", "gv-b", "pr-b");
    assertThat(r.findings()).extracting(Finding::priority).containsExactly(2.0, 2.0, 1.0, 0.5, 0.5);
    assertThat(r.findings()).extracting(Finding::rank).containsExactly(1, 2, 3, 4, 5);
    assertThat(r.findings().get(1).answer()).isNull();
    assertThat(r.findings().get(0).answer()).isEqualTo("no");
    assertThat(r.quickWins()).extracting(Finding::questionId).containsExactly("pr-c", "gv-a", "pr-b");
    assertThat(r.delta()).isNull();
    assertThat(r.catalogueId()).isEqualTo("example");
    assertThat(r.catalogueVersion()).isEqualTo("1");
    assertThat(r.formulaVersion()).isEqualTo("bastion-score/1");
  }

  @Test
  void workedExampleVersion6WithItsDelta() {
    Map<String, String> v6 = new LinkedHashMap<>(EXAMPLE_V5);
    v6.put("de-a", "yes");
    ReportEvent r = report(TestCatalogues.EXAMPLE, 6, v6, 5L, EXAMPLE_V5);

    assertThat(r.score()).isEqualTo(69.8);
    assertThat(functionScores(r)).containsExactly(entry("GV", 62.5), entry("PR", 58.3), entry("DE", 100.0));
    assertThat(r.complete()).isTrue();
    assertThat(r.tier()).isEqualTo(2);
    assertThat(r.tierName()).isEqualTo("Risk Informed");
    assertThat(r.findings()).extracting(Finding::questionId).containsExactly("pr-c", "gv-a", "gv-b", "pr-b");

    Delta d = r.delta();
    assertThat(d.previousVersion()).isEqualTo(5);
    assertThat(d.previousScore()).isEqualTo(44.8);
    assertThat(d.change()).isEqualTo(25.0);
    assertThat(d.functions()).containsExactly(
        new FunctionDelta("GV", 62.5, 62.5, 0.0),
        new FunctionDelta("PR", 58.3, 58.3, 0.0),
        new FunctionDelta("DE", 0.0, 100.0, 100.0));
    assertThat(d.improved()).containsExactly(new QuestionChange("de-a", null, "yes", 0.0, 1.0));
    assertThat(d.regressed()).isEmpty();
  }

  @Test
  void aHiddenFollowUpDoesNotCount() {
    Map<String, String> answers = new LinkedHashMap<>(EXAMPLE_V5);
    answers.put("pr-b", "none"); // pr-c (answered "no") is now hidden
    ReportEvent r = report(TestCatalogues.EXAMPLE, 7, answers, null, null);
    assertThat(functionScores(r)).containsEntry("PR", 75.0);
    assertThat(r.applicable()).isEqualTo(5);
    assertThat(r.findings()).extracting(Finding::questionId).doesNotContain("pr-c");
  }

  @Test
  void regressionsAreListed() {
    Map<String, String> worse = new LinkedHashMap<>(EXAMPLE_V5);
    worse.put("pr-a", "partial");
    worse.put("gv-b", "4");
    ReportEvent r = report(TestCatalogues.EXAMPLE, 6, worse, 5L, EXAMPLE_V5);
    assertThat(r.delta().improved()).extracting(QuestionChange::questionId).containsExactly("gv-b");
    assertThat(r.delta().regressed()).extracting(QuestionChange::questionId).containsExactly("pr-a");
    assertThat(r.delta().regressed().get(0)).isEqualTo(new QuestionChange("pr-a", "yes", "partial", 1.0, 0.5));
  }

  @Test
  void baselineAllBestIsAPerfectAdaptiveReport() {
    ReportEvent r = report(TestCatalogues.BASELINE, 1, best(TestCatalogues.BASELINE), null, null);
    assertThat(r.score()).isEqualTo(100.0);
    assertThat(r.functions()).extracting(FunctionScore::score).containsOnly(100.0);
    assertThat(r.functions()).hasSize(6);
    assertThat(r.complete()).isTrue();
    assertThat(r.tier()).isEqualTo(4);
    assertThat(r.tierName()).isEqualTo("Adaptive");
    assertThat(r.findings()).isEmpty();
    assertThat(r.quickWins()).isEmpty();
  }

  @Test
  void baselineAllWorstRanksTheCriticalControlsFirst() {
    Map<String, String> worst = new LinkedHashMap<>();
    for (Question q : TestCatalogues.BASELINE.questions()) {
      worst.put(q.id(), q.options().stream().min(Comparator.comparingDouble(Option::score)).orElseThrow().value());
    }
    ReportEvent r = report(TestCatalogues.BASELINE, 1, worst, null, null);
    assertThat(r.score()).isEqualTo(0.0);
    assertThat(r.tier()).isEqualTo(1);
    assertThat(r.complete()).isTrue();
    // Conditional follow-ups of an unmet answer are hidden: pr-remote-mfa is shown (any answer), rc-offline and
    // rc-restore-test are not (no backups).
    assertThat(r.applicable()).isEqualTo(TestCatalogues.BASELINE.questions().size() - 2);
    assertThat(r.findings()).hasSize(r.applicable());
    List<String> critical = TestCatalogues.BASELINE.questions().stream()
        .filter(q -> q.weight() == 5.0 && !q.id().equals("rc-offline")).map(Question::id).toList();
    assertThat(r.findings().subList(0, critical.size())).extracting(Finding::questionId)
        .containsExactlyElementsOf(critical);
    assertThat(r.quickWins()).hasSize(5).allMatch(f -> f.effort().code().equals("quick-win"));
  }

  @Test
  void cloudCatalogueUsesItsFunctionWeights() {
    Map<String, String> answers = best(TestCatalogues.CLOUD);
    answers.put("pr-workforce-mfa", "some"); // 0.3 on a weight-5 question
    ReportEvent r = report(TestCatalogues.CLOUD, 1, answers, null, null);
    // PR = 100 x (34 - 5 x 0.7) / 34 = 89.705...; overall = (5 x 100 x 1 + 1.2 x 100 + 1.5 x 89.705...) / 6.7
    assertThat(functionScores(r)).containsEntry("PR", 89.7);
    assertThat(r.score()).isEqualTo(97.7);
    assertThat(r.tier()).as("a weight-5 control not fully met keeps it below Adaptive").isEqualTo(3);
    assertThat(r.findings()).singleElement().satisfies(f -> {
      assertThat(f.questionId()).isEqualTo("pr-workforce-mfa");
      assertThat(f.priority()).isEqualTo(3.5);
    });
    assertThat(r.quickWins()).isEmpty();
  }

  @Test
  void notApplicableIsExcludedNotFailed() {
    Map<String, String> answers = best(TestCatalogues.BASELINE);
    answers.put("pr-remote-access", "na"); // also hides pr-remote-mfa
    answers.put("pr-secure-dev", "na");
    ReportEvent r = report(TestCatalogues.BASELINE, 1, answers, null, null);
    assertThat(r.score()).isEqualTo(100.0);
    assertThat(r.applicable()).isEqualTo(TestCatalogues.BASELINE.questions().size() - 3);
    assertThat(r.complete()).isTrue();
  }

  // ------------------------------------------------------------------ helpers

  static Map<String, String> best(Catalogue c) {
    Map<String, String> answers = new LinkedHashMap<>();
    for (Question q : c.questions()) {
      answers.put(q.id(), q.options().stream().max(Comparator.comparingDouble(Option::score)).orElseThrow().value());
    }
    return answers;
  }

  static ReportEvent report(Catalogue c, long version, Map<String, String> answers, Long previousVersion,
      Map<String, String> previous) {
    AnswerEvent event = new AnswerEvent(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), version,
        AnswerState.UPDATED, "x", Instant.EPOCH, Instant.EPOCH, c.id(), c.version(), entries(answers),
        previous == null ? null : new Baseline(previousVersion, entries(previous)));
    return Scorer.report(event, c, "test", Instant.EPOCH);
  }

  static List<AnswerEntry> entries(Map<String, String> answers) {
    List<AnswerEntry> list = new ArrayList<>();
    answers.forEach((q, v) -> list.add(new AnswerEntry(q, v)));
    return list;
  }

  private static Map<String, Double> functionScores(ReportEvent r) {
    Map<String, Double> m = new LinkedHashMap<>();
    r.functions().forEach(f -> m.put(f.function(), f.score()));
    return m;
  }

  private static Map.Entry<String, Double> entry(String k, double v) {
    return Map.entry(k, v);
  }

  private static Map<String, String> ordered(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }
}
