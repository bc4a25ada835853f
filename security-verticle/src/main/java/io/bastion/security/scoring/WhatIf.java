package io.bastion.security.scoring;

import io.bastion.catalogue.Catalogue;
import io.bastion.catalogue.CsfFunction;
import io.bastion.catalogue.Effort;
import io.bastion.catalogue.Question;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What fixing each finding would do: for every applicable question below its full score, the answers with that
 * question given its best answer are scored again (its conditions included: a fix may show or hide others). Ranked
 * by score gained per unit of effort (a quick win 1, a project 3), so that quick wins come first. Computed on
 * request, never stored.
 */
public final class WhatIf {

  /** Effort units: a project is taken as three times the work of a quick win. */
  static final double QUICK_WIN_UNITS = 1;
  static final double PROJECT_UNITS = 3;

  private WhatIf() {
  }

  public record Option(String questionId, String value, double score, double gain, Tier tier, Effort effort,
      double gainPerEffort, Map<CsfFunction, Double> functions) {

    JsonObject toJson() {
      JsonObject f = new JsonObject();
      functions.forEach((k, v) -> f.put(k.name(), Scorer.round1(v)));
      return new JsonObject().put("questionId", questionId).put("value", value).put("score", Scorer.round1(score))
          .put("gain", Scorer.round1(gain)).put("tier", tier.number()).put("tierName", tier.title())
          .put("effort", effort.code()).put("gainPerEffort", Scorer.round1(gainPerEffort)).put("functions", f);
    }
  }

  /** The options of these answers, best first (gain per effort, then gain, then catalogue order). */
  public static List<Option> options(Catalogue catalogue, Map<String, String> answers) {
    Scored now = Scorer.score(catalogue, answers);
    List<Option> options = new ArrayList<>();
    for (QuestionResult r : now.questions()) {
      if (!r.applicable() || r.score() >= 1.0) {
        continue;
      }
      Question q = r.question();
      io.bastion.catalogue.Option best = q.options().stream()
          .max(Comparator.comparingDouble(io.bastion.catalogue.Option::score)).orElse(null);
      if (best == null || best.score() <= r.score()) {
        continue;
      }
      Map<String, String> fixed = new HashMap<>(answers);
      fixed.put(q.id(), best.value());
      Scored after = Scorer.score(catalogue, fixed);
      double gain = after.overall() - now.overall();
      double units = q.recommendation().effort() == Effort.QUICK_WIN ? QUICK_WIN_UNITS : PROJECT_UNITS;
      options.add(new Option(q.id(), best.value(), after.overall(), gain, after.tier(), q.recommendation().effort(),
          gain / units, after.functionScores()));
    }
    options.sort(Comparator.comparingDouble(Option::gainPerEffort).reversed()
        .thenComparing(Comparator.comparingDouble(Option::gain).reversed()));
    return options;
  }

  /** The reply of a what-if request: the current score and tier, and the options. */
  public static JsonObject reply(Catalogue catalogue, Map<String, String> answers) {
    Scored now = Scorer.score(catalogue, answers);
    JsonArray list = new JsonArray();
    options(catalogue, answers).forEach(o -> list.add(o.toJson()));
    return new JsonObject().put("score", Scorer.round1(now.overall())).put("tier", now.tier().number())
        .put("options", list);
  }
}
