package io.bastion.user.assessment;

import io.bastion.catalogue.Catalogue;
import io.bastion.catalogue.CsfFunction;
import io.bastion.catalogue.Language;
import io.bastion.catalogue.Question;
import io.bastion.codecs.Addresses;
import io.bastion.user.error.ApiException;
import io.bastion.user.report.ReportText;
import io.bastion.user.report.Words;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What fixing each finding would do (GraphQL Assessment.whatIf): the assessment's current answers go to a security
 * node, which scores them again with each finding fixed and replies; nothing is stored. The reply is checked before
 * use (questions of the assessment's catalogue, numbers where numbers belong) and the catalogue's words are added
 * here. No security node, or none in time: UNAVAILABLE, retryable.
 */
public final class WhatIfs {

  private static final Logger LOG = LoggerFactory.getLogger(WhatIfs.class);
  static final long TIMEOUT_MS = 5_000;

  private final AssessmentService assessments;
  private final EventBus bus;

  public WhatIfs(AssessmentService assessments, EventBus bus) {
    this.assessments = assessments;
    this.bus = bus;
  }

  /** The options of an assessment the caller may read (checked before), best first, in English. */
  public Future<List<Map<String, Object>>> of(Assessment a) {
    return of(a, assessments.catalogueOf(a), Language.DEFAULT);
  }

  /**
   * The options with their words in {@code language}: {@code catalogue} is the assessment's catalogue version with its
   * texts in that language; tier and function names are Bastion's words in it.
   */
  public Future<List<Map<String, Object>>> of(Assessment a, Catalogue catalogue, Language language) {
    return assessments.answers(a).compose(answers -> {
      JsonObject values = new JsonObject();
      answers.forEach(x -> values.put(x.questionId(), x.value()));
      JsonObject request = new JsonObject().put("catalogueId", a.catalogueId())
          .put("catalogueVersion", a.catalogueVersion()).put("answers", values);
      return bus.<Object>request(Addresses.WHAT_IF, request, new DeliveryOptions().setSendTimeout(TIMEOUT_MS))
          .recover(WhatIfs::unavailable)
          .map(reply -> read(catalogue, language, reply.body()));
    });
  }

  private static <T> Future<T> unavailable(Throwable e) {
    if (e instanceof ReplyException re && re.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
      LOG.warn("a security node refused a what-if request: {}", re.getMessage());
    }
    return Future.failedFuture(ApiException.unavailable());
  }

  private static List<Map<String, Object>> read(Catalogue catalogue, Language language, Object body) {
    if (!(body instanceof JsonObject reply) || reply.getJsonArray("options") == null) {
      throw ApiException.internal();
    }
    List<Map<String, Object>> list = new ArrayList<>();
    for (Object item : reply.getJsonArray("options")) {
      if (!(item instanceof JsonObject o)) {
        throw ApiException.internal();
      }
      Optional<Question> question = catalogue.question(o.getString("questionId"));
      if (question.isEmpty()) {
        throw ApiException.internal();
      }
      Question q = question.get();
      Map<String, Object> option = new LinkedHashMap<>();
      option.put("questionId", q.id());
      option.put("text", q.text());
      option.put("function", q.function().name());
      option.put("value", o.getString("value"));
      String value = o.getString("value");
      option.put("answerLabel", q.option(value).isEmpty() ? null : ReportText.answerLabel(q, value, language));
      option.put("recommendation", q.recommendation().text());
      option.put("score", number(o, "score"));
      option.put("gain", number(o, "gain"));
      option.put("tier", o.getInteger("tier"));
      String tierName = Words.of(language).tier(o.getInteger("tier"));
      option.put("tierName", tierName == null ? o.getString("tierName") : tierName);
      option.put("effort", q.recommendation().effort().code());
      option.put("gainPerEffort", number(o, "gainPerEffort"));
      List<Map<String, Object>> functions = new ArrayList<>();
      JsonObject f = o.getJsonObject("functions", new JsonObject());
      for (CsfFunction code : CsfFunction.values()) {
        if (f.getValue(code.name()) instanceof Number n) {
          functions.add(Map.of("function", code.name(), "name", code.title(language), "score", n.doubleValue()));
        }
      }
      option.put("functions", functions);
      list.add(option);
    }
    return list;
  }

  private static double number(JsonObject o, String field) {
    if (!(o.getValue(field) instanceof Number n)) {
      throw ApiException.internal();
    }
    return n.doubleValue();
  }
}
