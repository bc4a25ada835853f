package io.bastion.security.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.catalogue.Catalogue;
import io.bastion.catalogue.CsfFunction;
import io.bastion.catalogue.Option;
import io.bastion.catalogue.Question;
import io.bastion.codecs.AnswerEntry;
import io.bastion.codecs.Basis;
import io.bastion.codecs.FunctionScore;
import io.bastion.codecs.ReportEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The properties docs/scoring.md promises, over random answer sets of every shipped catalogue and the example. */
class ScorerPropertiesTest {

  private static final double EPSILON = 1e-9;
  private static final List<Catalogue> CATALOGUES =
      List.of(TestCatalogues.BASELINE, TestCatalogues.CLOUD, TestCatalogues.CSF, TestCatalogues.EXAMPLE);

  /** A catalogue and answers: each question unanswered or given any value it allows, na included. */
  record Case(Catalogue catalogue, Map<String, String> answers, long seed) {
    @Override
    public String toString() {
      return catalogue.id() + " " + answers + " seed " + seed;
    }
  }

  @Provide
  Arbitrary<Case> cases() {
    return Combinators.combine(Arbitraries.of(CATALOGUES), Arbitraries.longs()).as((c, seed) -> {
      Random random = new Random(seed);
      Map<String, String> answers = new LinkedHashMap<>();
      for (Question q : c.questions()) {
        List<String> values = q.allowedValues();
        int pick = random.nextInt(values.size() + 1);
        if (pick < values.size()) {
          answers.put(q.id(), values.get(pick));
        }
      }
      return new Case(c, answers, seed);
    });
  }

  @Property(tries = 500)
  void scoresStayWithinBounds(@ForAll("cases") Case c) {
    ReportEvent r = GoldenReportsTest.report(c.catalogue(), 1, c.answers(), null, null);
    assertThat(r.score()).isBetween(0.0, 100.0);
    for (FunctionScore f : r.functions()) {
      if (f.score() != null) {
        assertThat(f.score()).isBetween(0.0, 100.0);
      } else {
        assertThat(f.applicable()).isZero();
      }
      assertThat(f.answered()).isBetween(0, f.applicable());
    }
    assertThat(r.answered()).isBetween(0, r.applicable());
    assertThat(r.answeredShare()).isBetween(0.0, 1.0);
    assertThat(r.complete()).isEqualTo(r.answered() == r.applicable());
    assertThat(r.tier()).isBetween(1, 4);
    assertThat(r.findings()).allMatch(f -> f.score() >= 0 && f.score() < 1 && f.priority() > 0);
    for (int i = 0; i < r.findings().size(); i++) {
      assertThat(r.findings().get(i).rank()).isEqualTo(i + 1);
      if (i > 0) {
        assertThat(r.findings().get(i).priority()).isLessThanOrEqualTo(r.findings().get(i - 1).priority());
      }
    }
    assertThat(r.quickWins().size()).isLessThanOrEqualTo(Scorer.MAX_QUICK_WINS);
  }

  /**
   * Reports store the answers behind them as a compact basis (io.bastion.codecs.Basis), the baseline of the next
   * delta: the delta from that basis is the delta from the full snapshot, for any two answer sets.
   */
  @Property(tries = 500)
  void theDeltaFromAStoredBasisIsTheDeltaFromTheFullSnapshot(@ForAll("cases") Case previous,
      @ForAll long seed) {
    Catalogue c = previous.catalogue();
    Map<String, String> now = new LinkedHashMap<>();
    Random random = new Random(seed);
    for (Question q : c.questions()) {
      List<String> values = q.allowedValues();
      int pick = random.nextInt(values.size() + 1);
      if (pick < values.size()) {
        now.put(q.id(), values.get(pick));
      }
    }
    List<AnswerEntry> full = GoldenReportsTest.entries(previous.answers());
    Map<String, String> fromBasis = new LinkedHashMap<>();
    Basis.decode(Basis.encode(full)).forEach(a -> fromBasis.put(a.questionId(), a.value()));

    ReportEvent withFull = GoldenReportsTest.report(c, 7, now, 6L, previous.answers());
    ReportEvent withBasis = GoldenReportsTest.report(c, 7, now, 6L, fromBasis);

    assertThat(fromBasis).isEqualTo(previous.answers());
    assertThat(withBasis.delta()).isNotNull().isEqualTo(withFull.delta());
    assertThat(withoutIds(withBasis)).isEqualTo(withoutIds(withFull));
  }

  @Property(tries = 300)
  void theSameAnswersInAnyOrderGiveTheSameReport(@ForAll("cases") Case c) {
    List<AnswerEntry> entries = GoldenReportsTest.entries(c.answers());
    List<AnswerEntry> shuffled = new ArrayList<>(entries);
    Collections.shuffle(shuffled, new Random(c.seed()));
    Scored a = Scorer.score(c.catalogue(), entries);
    Scored b = Scorer.score(c.catalogue(), shuffled);
    Scored again = Scorer.score(c.catalogue(), entries);
    assertThat(b.overall()).isEqualTo(a.overall());
    assertThat(b.functionScores()).isEqualTo(a.functionScores());
    assertThat(again.overall()).isEqualTo(a.overall());
    ReportEvent ra = GoldenReportsTest.report(c.catalogue(), 1, c.answers(), null, null);
    ReportEvent rb = GoldenReportsTest.report(c.catalogue(), 1, c.answers(), null, null);
    assertThat(withoutIds(rb)).isEqualTo(withoutIds(ra));
  }

  @Property(tries = 500)
  void improvingOneAnswerNeverLowersItsFunctionOrTheOverallScore(@ForAll("cases") Case c) {
    Random random = new Random(c.seed());
    Question q = independent(c.catalogue(), random);
    String current = c.answers().get(q.id());
    if (Question.NA.equals(current)) {
      return; // from na to a value is not an improvement: the question starts to count
    }
    double before = current == null ? 0 : q.option(current).orElseThrow().score();
    List<Option> better = q.options().stream().filter(o -> o.score() >= before).toList();
    Map<String, String> improved = new LinkedHashMap<>(c.answers());
    improved.put(q.id(), better.get(random.nextInt(better.size())).value());

    Scored was = Scorer.score(c.catalogue(), c.answers());
    Scored now = Scorer.score(c.catalogue(), improved);
    assertThat(now.overall()).isGreaterThanOrEqualTo(was.overall() - EPSILON);
    Double f0 = was.functionScores().get(q.function());
    Double f1 = now.functionScores().get(q.function());
    if (f0 != null) {
      assertThat(f1).isNotNull().isGreaterThanOrEqualTo(f0 - EPSILON);
    }
  }

  @Property(tries = 500)
  void markingAGapNotApplicableNeverLowersAScore(@ForAll("cases") Case c) {
    Random random = new Random(c.seed());
    Question q = independent(c.catalogue(), random);
    String current = c.answers().get(q.id());
    boolean gap = current == null || (!Question.NA.equals(current) && q.option(current).orElseThrow().score() == 0);
    if (!gap || !q.allowNa()) {
      return;
    }
    Map<String, String> na = new LinkedHashMap<>(c.answers());
    na.put(q.id(), Question.NA);

    Scored was = Scorer.score(c.catalogue(), c.answers());
    Scored now = Scorer.score(c.catalogue(), na);
    assertThat(now.overall()).isGreaterThanOrEqualTo(was.overall() - EPSILON);
    for (CsfFunction f : CsfFunction.values()) {
      Double f0 = was.functionScores().get(f);
      Double f1 = now.functionScores().get(f);
      if (f0 != null && f1 != null) {
        assertThat(f1).isGreaterThanOrEqualTo(f0 - EPSILON);
      }
    }
  }

  /** A question no condition depends on: changing it shows or hides nothing else. */
  private static Question independent(Catalogue c, Random random) {
    Set<String> targets = new HashSet<>();
    c.questions().stream().filter(x -> x.showIf() != null).forEach(x -> targets.add(x.showIf().question()));
    List<Question> free = c.questions().stream().filter(x -> !targets.contains(x.id())).toList();
    return free.get(random.nextInt(free.size()));
  }

  private static ReportEvent withoutIds(ReportEvent r) {
    return new ReportEvent(new java.util.UUID(0, 0), new java.util.UUID(0, 0), new java.util.UUID(0, 0), r.version(),
        r.catalogueId(), r.catalogueVersion(), r.formulaVersion(), r.score(), r.tier(), r.tierName(), r.complete(),
        r.answered(), r.applicable(), r.answeredShare(), r.functions(), r.findings(), r.quickWins(), r.delta(),
        r.scoredBy(), r.computedAt());
  }
}
