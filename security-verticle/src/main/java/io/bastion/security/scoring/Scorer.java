package io.bastion.security.scoring;

import io.bastion.catalogue.Catalogue;
import io.bastion.catalogue.Category;
import io.bastion.catalogue.CsfFunction;
import io.bastion.catalogue.Effort;
import io.bastion.catalogue.Option;
import io.bastion.catalogue.Question;
import io.bastion.catalogue.Visibility;
import io.bastion.codecs.AnswerEntry;
import io.bastion.codecs.AnswerEvent;
import io.bastion.codecs.CategoryScore;
import io.bastion.codecs.Delta;
import io.bastion.codecs.Finding;
import io.bastion.codecs.FunctionDelta;
import io.bastion.codecs.FunctionScore;
import io.bastion.codecs.QuestionChange;
import io.bastion.codecs.ReportEvent;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The scoring model, formula {@value #FORMULA_VERSION}; docs/scoring.md states it in words with a worked example.
 * Pure and deterministic: the same catalogue and answers always give the same report.
 */
public final class Scorer {

  public static final String FORMULA_VERSION = "bastion-score/1";
  public static final int MAX_QUICK_WINS = 5;

  private Scorer() {
  }

  /** Scores a snapshot. Duplicate question ids are refused: a snapshot holds one answer per question. */
  public static Scored score(Catalogue catalogue, List<AnswerEntry> answers) {
    Map<String, String> byQuestion = new HashMap<>();
    for (AnswerEntry a : answers) {
      if (byQuestion.put(a.questionId(), a.value()) != null) {
        throw new IllegalArgumentException("two answers to question '" + a.questionId() + "' in one snapshot");
      }
    }
    return score(catalogue, byQuestion);
  }

  public static Scored score(Catalogue catalogue, Map<String, String> answers) {
    Visibility visibility = new Visibility(catalogue, answers);
    List<QuestionResult> results = new ArrayList<>(catalogue.questions().size());
    Map<CsfFunction, double[]> sums = new EnumMap<>(CsfFunction.class); // {sum w*s, sum w}
    int applicable = 0;
    int answered = 0;
    for (Question q : catalogue.questions()) {
      QuestionResult r = result(q, answers, visibility);
      results.add(r);
      if (r.applicable()) {
        applicable++;
        if (r.status() == QuestionResult.Status.ANSWERED) {
          answered++;
        }
        double[] s = sums.computeIfAbsent(q.function(), f -> new double[2]);
        s[0] += q.weight() * r.score();
        s[1] += q.weight();
      }
    }
    Map<CsfFunction, Double> functionScores = new EnumMap<>(CsfFunction.class);
    double weighted = 0;
    double weights = 0;
    for (Map.Entry<CsfFunction, double[]> e : sums.entrySet()) {
      double score = 100.0 * e.getValue()[0] / e.getValue()[1];
      functionScores.put(e.getKey(), score);
      double w = catalogue.functionWeight(e.getKey());
      weighted += w * score;
      weights += w;
    }
    double overall = weights == 0 ? 0 : weighted / weights;
    Tier tier = tier(results, functionScores, applicable == answered);
    return new Scored(catalogue, results, functionScores, overall, applicable, answered, tier);
  }

  private static QuestionResult result(Question q, Map<String, String> answers, Visibility visibility) {
    String value = answers.get(q.id());
    if (!visibility.shows(q)) {
      return new QuestionResult(q, QuestionResult.Status.HIDDEN, value, 0);
    }
    if (value == null) {
      return new QuestionResult(q, QuestionResult.Status.UNANSWERED, null, 0);
    }
    if (Question.NA.equals(value) && q.allowNa()) {
      return new QuestionResult(q, QuestionResult.Status.NOT_APPLICABLE, value, 0);
    }
    Option option = q.option(value).orElse(null);
    if (option == null) {
      // Stored answers are validated on write; a value the catalogue does not know counts as unanswered.
      return new QuestionResult(q, QuestionResult.Status.UNANSWERED, null, 0);
    }
    return new QuestionResult(q, QuestionResult.Status.ANSWERED, value, option.score());
  }

  /**
   * Tier 1 always; tier 2 when every scored function reaches 40; tier 3 when tier 2 holds, every applicable question
   * is answered and every function reaches 65; tier 4 when tier 3 holds, every function reaches 85 and every
   * applicable question of weight 5 is fully met. A tier counts only when the tiers below it are met.
   */
  static Tier tier(List<QuestionResult> results, Map<CsfFunction, Double> functionScores, boolean complete) {
    if (functionScores.isEmpty() || !allAtLeast(functionScores, Tier.MIN_FUNCTION_SCORE[2])) {
      return Tier.PARTIAL;
    }
    if (!complete || !allAtLeast(functionScores, Tier.MIN_FUNCTION_SCORE[3])) {
      return Tier.RISK_INFORMED;
    }
    boolean criticalMet = results.stream()
        .filter(r -> r.applicable() && r.question().weight() >= 5.0)
        .allMatch(r -> r.score() >= 1.0);
    if (!criticalMet || !allAtLeast(functionScores, Tier.MIN_FUNCTION_SCORE[4])) {
      return Tier.REPEATABLE;
    }
    return Tier.ADAPTIVE;
  }

  private static boolean allAtLeast(Map<CsfFunction, Double> scores, double min) {
    // Compare on the rounded value shown to people, so that a displayed 40.0 never means "below 40".
    return scores.values().stream().allMatch(s -> round1(s) >= min);
  }

  /** The report of an AnswerEvent, with a delta when the event carries the previous report's answers. */
  public static ReportEvent report(AnswerEvent event, Catalogue catalogue, String scoredBy, Instant now) {
    Scored current = score(catalogue, event.answers());
    Delta delta = null;
    if (event.previous() != null) {
      Scored previous = score(catalogue, event.previous().answers());
      delta = delta(event.previous().version(), previous, current);
    }
    List<Finding> findings = findings(current);
    List<Finding> quickWins = findings.stream()
        .filter(f -> f.effort() == Effort.QUICK_WIN)
        .limit(MAX_QUICK_WINS)
        .toList();
    return new ReportEvent(event.eventId(), event.accountId(), event.assessmentId(), event.version(),
        catalogue.id(), catalogue.version(), FORMULA_VERSION,
        round1(current.overall()), current.tier().number(), current.tier().title(), current.complete(),
        current.answered(), current.applicable(),
        current.applicable() == 0 ? 1.0 : round3((double) current.answered() / current.applicable()),
        functionScores(current), findings, quickWins, delta, scoredBy, now, categoryScores(current));
  }

  /**
   * One entry per category of the catalogue (none when it has no categories), in the catalogue's order: the
   * weighted mean of the category's applicable questions, as for a function.
   */
  static List<CategoryScore> categoryScores(Scored scored) {
    List<CategoryScore> list = new ArrayList<>();
    for (Category c : scored.catalogue().categories()) {
      int applicable = 0;
      int answered = 0;
      double sum = 0;
      double weights = 0;
      for (QuestionResult r : scored.questions()) {
        if (c.id().equals(r.question().category()) && r.applicable()) {
          applicable++;
          if (r.status() == QuestionResult.Status.ANSWERED) {
            answered++;
          }
          sum += r.question().weight() * r.score();
          weights += r.question().weight();
        }
      }
      Double score = weights == 0 ? null : round1(100.0 * sum / weights);
      list.add(new CategoryScore(c.id(), c.function().name(), c.title(), score, applicable, answered));
    }
    return list;
  }

  /** One entry per function the catalogue has questions for, in CSF order. */
  static List<FunctionScore> functionScores(Scored scored) {
    List<FunctionScore> list = new ArrayList<>();
    for (CsfFunction f : functionsOf(scored.catalogue())) {
      int applicable = 0;
      int answered = 0;
      for (QuestionResult r : scored.questions()) {
        if (r.question().function() == f && r.applicable()) {
          applicable++;
          if (r.status() == QuestionResult.Status.ANSWERED) {
            answered++;
          }
        }
      }
      Double score = scored.functionScores().get(f);
      list.add(new FunctionScore(f.name(), f.title(), score == null ? null : round1(score),
          scored.catalogue().functionWeight(f), applicable, answered));
    }
    return list;
  }

  /** Every applicable question not fully met, by weight x gap, then weight, then catalogue order. */
  static List<Finding> findings(Scored scored) {
    List<QuestionResult> gaps = new ArrayList<>();
    for (QuestionResult r : scored.questions()) {
      if (r.applicable() && r.score() < 1.0) {
        gaps.add(r);
      }
    }
    Map<String, Integer> order = new HashMap<>();
    for (int i = 0; i < scored.questions().size(); i++) {
      order.put(scored.questions().get(i).question().id(), i);
    }
    gaps.sort(Comparator
        .comparingDouble((QuestionResult r) -> -priority(r))
        .thenComparingDouble(r -> -r.question().weight())
        .thenComparingInt(r -> order.get(r.question().id())));
    List<Finding> findings = new ArrayList<>(gaps.size());
    int rank = 0;
    for (QuestionResult r : gaps) {
      Question q = r.question();
      findings.add(new Finding(++rank, q.id(), q.function().name(), r.value(), r.score(), q.weight(),
          round3(priority(r)), q.recommendation().effort(), q.recommendation().impact()));
    }
    return findings;
  }

  private static double priority(QuestionResult r) {
    return r.question().weight() * (1.0 - r.score());
  }

  /** Changes between two scorings of the same catalogue; questions count only where applicable in both. */
  static Delta delta(long previousVersion, Scored before, Scored after) {
    List<FunctionDelta> functions = new ArrayList<>();
    for (CsfFunction f : functionsOf(after.catalogue())) {
      Double b = before.functionScores().get(f);
      Double a = after.functionScores().get(f);
      Double rb = b == null ? null : round1(b);
      Double ra = a == null ? null : round1(a);
      functions.add(new FunctionDelta(f.name(), rb, ra, rb == null || ra == null ? null : round1(ra - rb)));
    }
    List<QuestionChange> improved = new ArrayList<>();
    List<QuestionChange> regressed = new ArrayList<>();
    for (QuestionResult now : after.questions()) {
      QuestionResult then = before.result(now.question().id());
      if (!now.applicable() || !then.applicable() || now.score() == then.score()) {
        continue;
      }
      QuestionChange change = new QuestionChange(now.question().id(), then.value(), now.value(), then.score(),
          now.score());
      (now.score() > then.score() ? improved : regressed).add(change);
    }
    double previousScore = round1(before.overall());
    return new Delta(previousVersion, previousScore, round1(round1(after.overall()) - previousScore), functions,
        improved, regressed);
  }

  static List<CsfFunction> functionsOf(Catalogue catalogue) {
    List<CsfFunction> present = new ArrayList<>();
    for (CsfFunction f : CsfFunction.values()) {
      if (catalogue.questions().stream().anyMatch(q -> q.function() == f)) {
        present.add(f);
      }
    }
    return present;
  }

  static double round1(double v) {
    return BigDecimal.valueOf(v).setScale(1, RoundingMode.HALF_UP).doubleValue();
  }

  static double round3(double v) {
    return BigDecimal.valueOf(v).setScale(3, RoundingMode.HALF_UP).doubleValue();
  }
}
