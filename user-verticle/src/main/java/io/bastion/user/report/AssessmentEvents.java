package io.bastion.user.report;

import io.bastion.catalogue.Language;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The view of the {@code assessmentChanged} subscription: each body of the feed as an AssessmentEvent
 * {type, assessmentId, report | answer | viewers | targets | actions |
 * questionId and evidence}, a report with its catalogue words added. Presence arrives per user node; one subscription keeps each node's
 * latest list (forgotten after its {@code ttlMs} without news, as the page does) and delivers the merged viewers of
 * all nodes, only when they changed. One instance per subscription (it keeps that state); used on its context only.
 */
public final class AssessmentEvents implements Function<JsonObject, Map<String, Object>> {

  private record NodeViewers(List<Map<String, Object>> viewers, long until) {
  }

  private final Map<String, NodeViewers> nodes = new HashMap<>();
  private final ReportText text;
  private final Language language;
  private List<Map<String, Object>> lastViewers;

  /** @param text adds the catalogue's words to a report (the feed carries its facts only) */
  public AssessmentEvents(ReportText text) {
    this(text, Language.DEFAULT);
  }

  /** @param language of the words, the language of the subscription's socket (its upgrade request) */
  public AssessmentEvents(ReportText text, Language language) {
    this.text = text;
    this.language = language;
  }

  @Override
  public Map<String, Object> apply(JsonObject body) {
    String type = body.getString("type");
    if (type == null) {
      return null;
    }
    return switch (type) {
      // The body is this consumer's own object (JsonText.read parses the text per consumer): the words go in place.
      case "report" -> event(body, "report", AssessmentFeed.plainMap(text.add(body, language)));
      case "answer" -> event(body, "answer", AssessmentFeed.plainMap(body));
      case "presence" -> presence(body);
      case "targets" -> event(body, "targets", AssessmentFeed.plainMap(body).get("targets"));
      case "actions" -> event(body, "actions", AssessmentFeed.plainMap(body).get("actions"));
      case "evidence" -> evidence(body);
      default -> null; // a kind this node does not know yet: skipped, not an error
    };
  }

  private static Map<String, Object> event(JsonObject body, String field, Object value) {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("type", body.getString("type"));
    event.put("assessmentId", body.getString("assessmentId"));
    event.put(field, value);
    return event;
  }

  /** A question's evidence after a change: the question named, as its list may now be empty. */
  private static Map<String, Object> evidence(JsonObject body) {
    Map<String, Object> event = event(body, "questionId", body.getString("questionId"));
    event.put("evidence", AssessmentFeed.plainMap(body).get("evidence"));
    return event;
  }

  private Map<String, Object> presence(JsonObject body) {
    long now = System.currentTimeMillis();
    JsonArray list = body.getJsonArray("viewers", new JsonArray());
    List<Map<String, Object>> viewers = new ArrayList<>();
    list.forEach(v -> {
      if (v instanceof JsonObject o) {
        viewers.add(AssessmentFeed.plainMap(o));
      }
    });
    nodes.put(String.valueOf(body.getString("node")), new NodeViewers(viewers, now + body.getLong("ttlMs", 3_000L)));
    nodes.values().removeIf(n -> n.until() < now);
    Map<Object, Map<String, Object>> merged = new LinkedHashMap<>();
    nodes.values().forEach(n -> n.viewers().forEach(v -> merged.putIfAbsent(v.get("id"), v)));
    List<Map<String, Object>> all = new ArrayList<>(merged.values());
    all.sort((a, b) -> String.valueOf(a.get("email")).compareTo(String.valueOf(b.get("email"))));
    if (all.equals(lastViewers)) {
      return null; // the repeat of a list the subscriber has
    }
    lastViewers = all;
    return event(body, "viewers", all);
  }
}
