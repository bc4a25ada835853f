package io.bastion.user.export;

import io.bastion.catalogue.Language;
import io.bastion.user.evidence.Evidence;
import io.bastion.user.report.Words;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One report version as an OSCAL 1.2.1 assessment-results document: one result; the answers as they stood at that
 * version are its observations (method INTERVIEW: a self-assessment by questionnaire, who answered as the origin),
 * the report's findings (questions not fully met) its findings, one per NIST CSF 2.0 subcategory the question
 * refers to, targeting that subcategory's control id exactly as NIST's CSF 2.0 OSCAL catalogue spells it
 * ({@code GV.RR-01}). The plan it imports is described in its back-matter. Every UUID is name-based on the assessment,
 * the version and the item: the same version always exports the same document. Text from users (titles, comments)
 * goes in as JSON strings, never as markup of ours; one-line fields get their line breaks turned into spaces, as the
 * schema requires. The prose Bastion writes and the catalogue's texts are in the export's language (the words of
 * {@link Words}; the catalogue read in that language), which the metadata names in a property "language" of
 * Bastion's namespace; ids, values and props stay as they are in every language.
 */
public final class OscalResults {

  public static final String OSCAL_VERSION = "1.2.1";
  /** The namespace of Bastion's own properties (a URI naming it, not an address to fetch). */
  static final String NS = "urn:bastion:oscal";

  private OscalResults() {
  }

  /** In English. */
  public static JsonObject of(ExportData data) {
    return of(data, Language.DEFAULT);
  }

  /** @param data read with the catalogue in {@code language} (ExportReader.read with the language) */
  public static JsonObject of(ExportData data, Language language) {
    ExportWords words = new ExportWords(data.catalogue(), language);
    Words fixed = words.fixed();
    String title = line(data.title(), fixed.get("oscal.untitled"));
    UUID plan = NameUuids.of(data.assessmentId(), "plan");
    Map<String, UUID> parties = parties(data);
    Map<String, UUID> observed = new HashMap<>();
    JsonArray observations = new JsonArray();
    for (ExportData.Answer a : words.inCatalogueOrder(data.answers())) {
      UUID uuid = NameUuids.of(data.assessmentId(), data.version(), "observation", a.questionId());
      observed.put(a.questionId(), uuid);
      observations.add(observation(uuid, a, words, parties, data.evidenceOf(a.questionId())));
    }
    JsonArray findings = new JsonArray();
    JsonArray reported = data.report().getJsonArray("findings", new JsonArray());
    for (int i = 0; i < reported.size(); i++) {
      JsonObject f = reported.getJsonObject(i);
      String questionId = f.getString("questionId");
      List<String> targets = words.nistIds(questionId);
      for (String target : targets.isEmpty() ? List.of(questionId) : targets) {
        findings.add(finding(data, f, target, observed.get(questionId), words));
      }
    }
    JsonObject result = new JsonObject()
        .put("uuid", NameUuids.of(data.assessmentId(), data.version(), "result").toString())
        .put("title", fixed.format("oscal.result.title", title, data.version()))
        .put("description", description(data, words))
        .put("start", data.startedAt().toString())
        .put("end", data.reportedAt().toString())
        .put("props", resultProps(data))
        .put("reviewed-controls", reviewedControls(words, fixed));
    if (!observations.isEmpty()) {
      result.put("observations", observations);
    }
    if (!findings.isEmpty()) {
      result.put("findings", findings);
    }
    JsonObject metadata = new JsonObject()
        .put("title", fixed.format("oscal.results.title", title, data.version()))
        .put("last-modified", data.reportedAt().toString())
        .put("version", String.valueOf(data.version()))
        .put("oscal-version", OSCAL_VERSION)
        .put("props", new JsonArray().add(languageProp(language)));
    if (!parties.isEmpty()) {
      JsonArray list = new JsonArray();
      parties.forEach((email, uuid) -> list.add(new JsonObject().put("uuid", uuid.toString()).put("type", "person")
          .put("name", line(email, fixed.get("oscal.account")))));
      metadata.put("parties", list);
    }
    metadata.put("remarks", fixed.format("oscal.results.remarks", data.version(), data.assessmentId()));
    return new JsonObject().put("assessment-results", new JsonObject()
        .put("uuid", NameUuids.of(data.assessmentId(), data.version(), "assessment-results").toString())
        .put("metadata", metadata)
        .put("import-ap", new JsonObject().put("href", "#" + plan)
            .put("remarks", fixed.get("oscal.results.importAp")))
        .put("results", new JsonArray().add(result))
        .put("back-matter", new JsonObject().put("resources", new JsonArray().add(planResource(plan, data, fixed)))));
  }

  static JsonObject observation(UUID uuid, ExportData.Answer a, ExportWords words, Map<String, UUID> parties,
      List<Evidence> evidence) {
    String label = words.answerLabel(a.questionId(), a.value());
    JsonObject o = new JsonObject()
        .put("uuid", uuid.toString())
        .put("title", line(words.text(a.questionId()), a.questionId()))
        .put("description", words.fixed().format("oscal.observation.description", words.text(a.questionId()), label))
        .put("props", new JsonArray()
            .add(prop("question-id", a.questionId()))
            .add(prop("answer", a.value()))
            .add(prop("answer-version", String.valueOf(a.version()))))
        .put("methods", new JsonArray().add("INTERVIEW"))
        .put("types", new JsonArray().add("control-objective"));
    UUID party = a.answeredByEmail() == null ? null : parties.get(a.answeredByEmail());
    if (party != null) {
      o.put("origins", new JsonArray().add(new JsonObject().put("actors", new JsonArray().add(new JsonObject()
          .put("type", "party").put("actor-uuid", party.toString())))));
    }
    o.put("collected", a.at().toString());
    if (!evidence.isEmpty()) {
      JsonArray relevant = new JsonArray();
      evidence.forEach(e -> relevant.add(relevantEvidence(e, words.fixed())));
      o.put("relevant-evidence", relevant);
    }
    if (a.comment() != null && !a.comment().isBlank()) {
      o.put("remarks", a.comment());
    }
    return o;
  }

  /**
   * An item of evidence as OSCAL relevant-evidence: a link's URL, or a file's download path on this service (it
   * needs the API's authentication), described with its dates; an expired one says so.
   */
  static JsonObject relevantEvidence(Evidence e, Words fixed) {
    boolean file = Evidence.FILE.equals(e.kind());
    StringBuilder description = new StringBuilder(fixed.format(file ? "oscal.evidence.file" : "oscal.evidence.link",
        line(e.name(), fixed.get("oscal.evidence.unnamed"))));
    if (file) {
      description.append(fixed.format("oscal.evidence.fileFacts", e.mediaType(), e.size(), e.sha256()));
    }
    description.append(fixed.format("oscal.evidence.effective", e.effectiveDate()));
    if (e.expiresOn() != null) {
      description.append(fixed.format(e.expired() ? "oscal.evidence.expiredSince" : "oscal.evidence.expires",
          e.expiresOn()));
    }
    JsonArray props = new JsonArray().add(prop("evidence-kind", e.kind().toLowerCase(java.util.Locale.ROOT)))
        .add(prop("effective-date", e.effectiveDate().toString()))
        .add(prop("expired", e.expired() ? "true" : "false"));
    if (e.expiresOn() != null) {
      props.add(prop("expires-on", e.expiresOn().toString()));
    }
    return new JsonObject().put("href", file ? e.downloadPath() : e.url()).put("description", description.toString())
        .put("props", props);
  }

  private static JsonObject finding(ExportData data, JsonObject f, String target, UUID observation,
      ExportWords words) {
    String questionId = f.getString("questionId");
    String answer = f.getString("answer");
    String recommendation = words.recommendation(questionId);
    JsonArray props = new JsonArray()
        .add(prop("question-id", questionId))
        .add(prop("rank", String.valueOf(f.getValue("rank"))))
        .add(prop("weight", String.valueOf(f.getValue("weight"))))
        .add(prop("priority", String.valueOf(f.getValue("priority"))));
    if (f.getString("effort") != null) {
      props.add(prop("effort", f.getString("effort")));
    }
    if (f.getString("impact") != null) {
      props.add(prop("impact", f.getString("impact")));
    }
    JsonObject finding = new JsonObject()
        .put("uuid", NameUuids.of(data.assessmentId(), data.version(), "finding", questionId, target).toString())
        .put("title", line(words.text(questionId), questionId))
        .put("description", answerAndRecommendation(words,
            answer == null ? words.fixed().get("oscal.notAnswered") : words.answerLabel(questionId, answer),
            recommendation))
        .put("props", props)
        .put("target", new JsonObject()
            .put("type", "objective-id")
            .put("target-id", target)
            .put("status", new JsonObject().put("state", "not-satisfied")));
    if (observation != null) {
      finding.put("related-observations", new JsonArray().add(new JsonObject()
          .put("observation-uuid", observation.toString())));
    }
    return finding;
  }

  /** "Answer: ..." and, where there is one, the recommendation, in the export's language. */
  static String answerAndRecommendation(ExportWords words, String answer, String recommendation) {
    Words fixed = words.fixed();
    return fixed.format("oscal.answer", answer)
        + (recommendation.isEmpty() ? "" : fixed.format("oscal.recommendation", recommendation));
  }

  private static String description(ExportData data, ExportWords words) {
    JsonObject r = data.report();
    String tierName = words.tier(r.getValue("tier"), r.getString("tierName"));
    Words fixed = words.fixed();
    return fixed.format("oscal.result.description", data.catalogueId(), data.catalogueVersion(), r.getValue("score"),
        r.getValue("tier"), tierName == null ? "" : fixed.format("oscal.result.tierName", tierName),
        r.getValue("answered", "?"), r.getValue("applicable", "?"), data.version());
  }

  /** The metadata's property naming the language of the document's prose (en, de). */
  static JsonObject languageProp(Language language) {
    return prop("language", language.code());
  }

  private static JsonArray resultProps(ExportData data) {
    JsonObject r = data.report();
    JsonArray props = new JsonArray()
        .add(prop("score", String.valueOf(r.getValue("score"))))
        .add(prop("tier", String.valueOf(r.getValue("tier"))));
    JsonArray functions = r.getJsonArray("functions", new JsonArray());
    for (int i = 0; i < functions.size(); i++) {
      JsonObject f = functions.getJsonObject(i);
      if (f.getValue("score") != null) {
        props.add(prop("function-score", String.valueOf(f.getValue("score"))).put("class", f.getString("function")));
      }
    }
    return props;
  }

  /** The controls of the catalogue, by id; all controls where the catalogue names none (or is not loaded). */
  private static JsonObject reviewedControls(ExportWords words, Words fixed) {
    List<String> ids = words.allNistIds();
    JsonObject selection;
    if (ids.isEmpty()) {
      selection = new JsonObject().put("include-all", new JsonObject());
    } else {
      JsonArray include = new JsonArray();
      ids.forEach(id -> include.add(new JsonObject().put("control-id", id)));
      selection = new JsonObject().put("include-controls", include);
    }
    return new JsonObject()
        .put("description", fixed.get("oscal.reviewedControls"))
        .put("control-selections", new JsonArray().add(selection));
  }

  private static JsonObject planResource(UUID plan, ExportData data, Words fixed) {
    return new JsonObject()
        .put("uuid", plan.toString())
        .put("title", fixed.get("oscal.plan.title"))
        .put("description", fixed.format("oscal.plan.description", data.catalogueId(), data.catalogueVersion()))
        .put("props", new JsonArray()
            .add(prop("catalogue-id", data.catalogueId()))
            .add(prop("catalogue-version", data.catalogueVersion())));
  }

  /** The people who gave the exported answers, by email, each with a UUID of its own (name-based on the account). */
  private static Map<String, UUID> parties(ExportData data) {
    Map<String, UUID> parties = new LinkedHashMap<>();
    data.answers().stream()
        .filter(a -> a.answeredByEmail() != null)
        .sorted(Comparator.comparing(ExportData.Answer::answeredByEmail))
        .forEach(a -> parties.putIfAbsent(a.answeredByEmail(), NameUuids.of(data.assessmentId(), "party",
            a.answeredBy())));
    return parties;
  }

  static JsonObject prop(String name, String value) {
    return new JsonObject().put("name", name).put("ns", NS).put("value", line(value, "-"));
  }

  /**
   * Text for a one-line field (OSCAL markup-line and string: no line breaks, no surrounding white space, not empty):
   * control characters and line separators become spaces; {@code fallback} when nothing is left.
   */
  static String line(String text, String fallback) {
    if (text == null) {
      return fallback;
    }
    StringBuilder b = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      b.append(Character.isISOControl(c) || c == '\u2028' || c == '\u2029' ? ' ' : c);
    }
    String clean = b.toString().replaceAll(" {2,}", " ").strip();
    return clean.isEmpty() ? fallback : clean;
  }
}
