package io.bastion.security.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.catalogue.Catalogue;
import io.bastion.catalogue.CsfFunction;
import io.bastion.catalogue.Effort;
import io.bastion.catalogue.Question;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What fixing each finding would do: the same scoring with that question answered best, ranked by gain per effort. */
class WhatIfTest {

  private static final Catalogue CSF = TestCatalogues.CSF;

  @Test
  void eachFindingsOptionIsTheScoreOfTheAnswersWithThatQuestionFixed() {
    Map<String, String> answers = new HashMap<>();
    for (Question q : CSF.questions()) {
      answers.put(q.id(), q.function() == CsfFunction.GV ? "2" : "4");
    }
    double now = Scorer.score(CSF, answers).overall();
    List<WhatIf.Option> options = WhatIf.options(CSF, answers);
    assertThat(options).as("one per finding: Govern's 31").hasSize(31)
        .allSatisfy(o -> assertThat(o.value()).isEqualTo("4"));
    WhatIf.Option first = options.get(0);
    Map<String, String> fixed = new HashMap<>(answers);
    fixed.put(first.questionId(), "4");
    assertThat(first.score()).isEqualTo(Scorer.score(CSF, fixed).overall());
    assertThat(first.gain()).isPositive().isEqualTo(first.score() - now);
    assertThat(first.functions().get(CsfFunction.GV)).isGreaterThan(50.0);
  }

  @Test
  void quickWinsComeFirstWhenTheyGainAsMuchPerUnitOfEffort() {
    Catalogue baseline = TestCatalogues.BASELINE;
    List<WhatIf.Option> options = WhatIf.options(baseline, Map.of());
    assertThat(options).as("an empty assessment: every applicable question is a finding").isNotEmpty();
    for (int i = 1; i < options.size(); i++) {
      assertThat(options.get(i - 1).gainPerEffort()).isGreaterThanOrEqualTo(options.get(i).gainPerEffort());
    }
    WhatIf.Option quick = options.stream().filter(o -> o.effort() == Effort.QUICK_WIN).findFirst().orElseThrow();
    assertThat(quick.gainPerEffort()).isEqualTo(quick.gain());
    WhatIf.Option project = options.stream().filter(o -> o.effort() == Effort.PROJECT).findFirst().orElseThrow();
    assertThat(project.gainPerEffort()).isEqualTo(project.gain() / 3);
  }

  @Test
  void nothingToFixGivesNoOptionsAndTheReplyCarriesTheCurrentScore() {
    Map<String, String> all = new HashMap<>();
    CSF.questions().forEach(q -> all.put(q.id(), "4"));
    assertThat(WhatIf.options(CSF, all)).isEmpty();
    JsonObject reply = WhatIf.reply(CSF, all);
    assertThat(reply.getDouble("score")).isEqualTo(100.0);
    assertThat(reply.getJsonArray("options")).isEmpty();
  }
}
