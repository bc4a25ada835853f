package io.bastion.user.export;

import io.bastion.catalogue.Impact;
import io.bastion.catalogue.Language;
import io.bastion.catalogue.Question;
import io.bastion.user.assessment.ActionItem;
import io.bastion.user.assessment.Person;
import io.bastion.user.report.Words;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An assessment's action plan as an OSCAL 1.2.1 plan-of-action-and-milestones document. Each action item is a
 * poam-item with a risk of its own (status open, remediating, closed or deviation-approved as the item is open, in
 * progress, done or risk accepted; an item whose question is now answered fully counts as done), its owner as the
 * origin and the remediation's party, its due date as the risk's deadline and as a milestone, and one finding per
 * NIST CSF 2.0 subcategory of its question, targeting that control id as {@link OscalResults} does (satisfied once
 * the answer closes the item). The question's answer at the latest report is an observation, with the same UUID as
 * in that version's assessment-results export. Bastion has no system security plan: import-ssp points at a
 * back-matter resource describing the assessment, and the system id is the assessment id. The plan is not versioned:
 * the document shows it as it stands, with the answers of the latest report. Every UUID is name-based, so an
 * unchanged plan exports the same document. Its prose and the catalogue's texts are in the export's language, named
 * in the metadata as in {@link OscalResults}.
 */
public final class OscalPoam {

  /** The identifier type of a system id that is a UUID (one of the schema's own values). */
  static final String UUID_IDENTIFIER = "http://ietf.org/rfc/rfc4122";

  private OscalPoam() {
  }

  /** The document; the plan must have at least one item (the schema requires one poam-item). */
  public static JsonObject of(ExportData data) {
    return of(data, Language.DEFAULT);
  }

  /** In {@code language}: {@code data} read with the catalogue in that language. */
  public static JsonObject of(ExportData data, Language language) {
    if (data.actions().isEmpty()) {
      throw new IllegalArgumentException("an OSCAL POA&M needs at least one item");
    }
    ExportWords words = new ExportWords(data.catalogue(), language);
    Words fixed = words.fixed();
    UUID assessment = data.assessmentId();
    String title = OscalResults.line(data.title(), fixed.get("oscal.untitled"));
    UUID ssp = NameUuids.of(assessment, "system");
    Map<String, ExportData.Answer> answers = new HashMap<>();
    data.answers().forEach(a -> answers.put(a.questionId(), a));
    Map<String, UUID> parties = parties(data, answers);

    JsonArray observations = new JsonArray();
    Map<String, UUID> observed = new HashMap<>();
    for (ActionItem item : data.actions()) {
      ExportData.Answer a = answers.get(item.questionId());
      if (a != null && !observed.containsKey(a.questionId())) {
        UUID uuid = NameUuids.of(assessment, data.version(), "observation", a.questionId());
        observed.put(a.questionId(), uuid);
        observations.add(OscalResults.observation(uuid, a, words, parties, data.evidenceOf(a.questionId())));
      }
    }
    JsonArray risks = new JsonArray();
    JsonArray findings = new JsonArray();
    JsonArray items = new JsonArray();
    Instant lastModified = data.reportedAt();
    for (ActionItem item : data.actions()) {
      Plan p = new Plan(data, item, words, answers.get(item.questionId()), observed.get(item.questionId()),
          item.owner() == null ? null : parties.get(item.owner().email()));
      risks.add(p.risk());
      p.findings().forEach(findings::add);
      items.add(p.poamItem());
      if (item.updatedAt().isAfter(lastModified)) {
        lastModified = item.updatedAt();
      }
    }

    JsonObject metadata = new JsonObject()
        .put("title", fixed.format("poam.title", title))
        .put("last-modified", lastModified.toString())
        .put("version", String.valueOf(data.version()))
        .put("oscal-version", OscalResults.OSCAL_VERSION)
        .put("props", new JsonArray().add(OscalResults.languageProp(language)));
    if (!parties.isEmpty()) {
      JsonArray list = new JsonArray();
      parties.forEach((email, uuid) -> list.add(new JsonObject().put("uuid", uuid.toString()).put("type", "person")
          .put("name", OscalResults.line(email, fixed.get("oscal.account")))));
      metadata.put("parties", list);
    }
    metadata.put("remarks", fixed.format("poam.remarks", assessment, data.version()));
    JsonObject poam = new JsonObject()
        .put("uuid", NameUuids.of(assessment, "poam").toString())
        .put("metadata", metadata)
        .put("import-ssp", new JsonObject().put("href", "#" + ssp)
            .put("remarks", fixed.get("poam.importSsp")))
        .put("system-id", new JsonObject().put("identifier-type", UUID_IDENTIFIER).put("id", assessment.toString()));
    if (!observations.isEmpty()) {
      poam.put("observations", observations);
    }
    poam.put("risks", risks).put("findings", findings).put("poam-items", items)
        .put("back-matter", new JsonObject().put("resources", new JsonArray().add(system(ssp, title, data, fixed))));
    return new JsonObject().put("plan-of-action-and-milestones", poam);
  }

  /** What one item becomes: its risk, its findings (one per control) and its poam-item, all pointing at each other. */
  private record Plan(ExportData data, ActionItem item, ExportWords words, ExportData.Answer answer,
      UUID observation, UUID owner) {

    UUID riskUuid() {
      return NameUuids.of(data.assessmentId(), "risk", item.id());
    }

    List<String> controls() {
      List<String> ids = words.nistIds(item.questionId());
      return ids.isEmpty() ? List.of(item.questionId()) : ids;
    }

    UUID findingUuid(String control) {
      return NameUuids.of(data.assessmentId(), "poam-finding", item.id(), control);
    }

    String question() {
      return words.text(item.questionId());
    }

    String answerText() {
      return answer == null ? words.fixed().get("oscal.notAnswered")
          : words.fixed().format("poam.answerAtVersion", words.answerLabel(item.questionId(), answer.value()),
              answer.version());
    }

    JsonObject risk() {
      String recommendation = words.recommendation(item.questionId());
      Words fixed = words.fixed();
      JsonObject remediation = new JsonObject()
          .put("uuid", NameUuids.of(data.assessmentId(), "remediation", item.id()).toString())
          .put("lifecycle", ActionItem.DONE.equals(item.status()) ? "completed" : "planned")
          .put("title", OscalResults.line(item.title(), item.questionId()))
          .put("description", ActionItem.RISK_ACCEPTED.equals(item.status())
              ? fixed.format("poam.riskAccepted", item.reason())
              : recommendation.isEmpty() ? OscalResults.line(item.title(), item.questionId()) : recommendation)
          .put("props", new JsonArray().add(new JsonObject().put("name", "type")
              .put("value", ActionItem.RISK_ACCEPTED.equals(item.status()) ? "accept" : "mitigate")));
      if (owner != null) {
        remediation.put("origins", origins());
      }
      if (item.dueDate() != null) {
        remediation.put("tasks", new JsonArray().add(new JsonObject()
            .put("uuid", NameUuids.of(data.assessmentId(), "milestone", item.id()).toString())
            .put("type", "milestone")
            .put("title", fixed.format("poam.due", item.dueDate()))
            .put("timing", new JsonObject().put("on-date", new JsonObject().put("date", deadline())))));
      }
      JsonObject risk = new JsonObject()
          .put("uuid", riskUuid().toString())
          .put("title", OscalResults.line(item.title(), item.questionId()))
          .put("description", fixed.format("poam.question", item.questionId(), question()) + "\n\n"
              + fixed.format("oscal.answer", answerText()))
          .put("statement", fixed.format("poam.statement", String.join(", ", controls()),
              impact() == null ? "" : fixed.format("poam.impact", impact())))
          .put("status", riskStatus(item.status()));
      if (item.dueDate() != null) {
        risk.put("deadline", deadline());
      }
      risk.put("remediations", new JsonArray().add(remediation));
      if (observation != null) {
        risk.put("related-observations", relatedObservations());
      }
      return risk;
    }

    JsonArray findings() {
      JsonArray list = new JsonArray();
      for (String control : controls()) {
        JsonObject f = new JsonObject()
            .put("uuid", findingUuid(control).toString())
            .put("title", OscalResults.line(question(), item.questionId()))
            .put("description", words.fixed().format("oscal.answer", answerText()))
            .put("props", new JsonArray().add(OscalResults.prop("question-id", item.questionId())))
            .put("target", new JsonObject()
                .put("type", "objective-id")
                .put("target-id", control)
                .put("status", new JsonObject().put("state", item.closedByAnswer() ? "satisfied" : "not-satisfied")));
        if (observation != null) {
          f.put("related-observations", relatedObservations());
        }
        f.put("related-risks", new JsonArray().add(new JsonObject().put("risk-uuid", riskUuid().toString())));
        list.add(f);
      }
      return list;
    }

    JsonObject poamItem() {
      String recommendation = words.recommendation(item.questionId());
      JsonArray props = new JsonArray()
          .add(OscalResults.prop("question-id", item.questionId()))
          .add(OscalResults.prop("status", item.status()))
          .add(OscalResults.prop("closed-by-answer", String.valueOf(item.closedByAnswer())))
          .add(OscalResults.prop("overdue", String.valueOf(item.overdue())));
      if (item.dueDate() != null) {
        props.add(OscalResults.prop("due-date", item.dueDate()));
      }
      Person person = item.owner();
      if (person != null) {
        props.add(OscalResults.prop("owner", person.email()));
      }
      controls().forEach(c -> props.add(OscalResults.prop("control-id", c)));
      JsonObject o = new JsonObject()
          .put("uuid", NameUuids.of(data.assessmentId(), "poam-item", item.id()).toString())
          .put("title", OscalResults.line(item.title(), item.questionId()))
          .put("description", words.fixed().format("poam.question", item.questionId(), question())
              + (recommendation.isEmpty() ? "" : words.fixed().format("oscal.recommendation", recommendation)))
          .put("props", props);
      if (owner != null) {
        o.put("origins", origins());
      }
      JsonArray related = new JsonArray();
      controls().forEach(c -> related.add(new JsonObject().put("finding-uuid", findingUuid(c).toString())));
      o.put("related-findings", related);
      if (observation != null) {
        o.put("related-observations", relatedObservations());
      }
      o.put("related-risks", new JsonArray().add(new JsonObject().put("risk-uuid", riskUuid().toString())));
      if (item.reason() != null && !item.reason().isBlank()) {
        o.put("remarks", words.fixed().format(ActionItem.RISK_ACCEPTED.equals(item.status()) ? "poam.riskAccepted"
            : "poam.reason", item.reason()));
      }
      return o;
    }

    private String impact() {
      return data.catalogue().flatMap(c -> c.question(item.questionId())).map(Question::recommendation)
          .map(r -> r.impact()).map(Impact::code).orElse(null);
    }

    /** The end of the due date (UTC): an item is overdue from the next day on. */
    private String deadline() {
      return item.dueDate() + "T23:59:59Z";
    }

    private JsonArray origins() {
      return new JsonArray().add(new JsonObject().put("actors", new JsonArray().add(new JsonObject()
          .put("type", "party").put("actor-uuid", owner.toString()))));
    }

    private JsonArray relatedObservations() {
      return new JsonArray().add(new JsonObject().put("observation-uuid", observation.toString()));
    }
  }

  /** OSCAL's risk status for the item's status as the team sees it (done also when closed by its answer). */
  static String riskStatus(String status) {
    return switch (status) {
      case ActionItem.DONE -> "closed";
      case ActionItem.RISK_ACCEPTED -> "deviation-approved";
      case ActionItem.IN_PROGRESS -> "remediating";
      default -> "open";
    };
  }

  /**
   * The owners of the items and who gave the observed answers, by email, with the UUIDs the assessment-results export
   * gives them (name-based on the assessment and the account), so that the two documents name the same parties.
   */
  private static Map<String, UUID> parties(ExportData data, Map<String, ExportData.Answer> answers) {
    Map<String, UUID> parties = new LinkedHashMap<>();
    for (ActionItem item : data.actions()) {
      if (item.owner() != null) {
        parties.putIfAbsent(item.owner().email(), NameUuids.of(data.assessmentId(), "party", item.owner().id()));
      }
      ExportData.Answer a = answers.get(item.questionId());
      if (a != null && a.answeredByEmail() != null) {
        parties.putIfAbsent(a.answeredByEmail(), NameUuids.of(data.assessmentId(), "party", a.answeredBy()));
      }
    }
    return parties;
  }

  private static JsonObject system(UUID ssp, String title, ExportData data, Words fixed) {
    return new JsonObject()
        .put("uuid", ssp.toString())
        .put("title", fixed.format("poam.system.title", title))
        .put("description", fixed.format("poam.system.description", data.assessmentId(), data.catalogueId(),
            data.catalogueVersion()))
        .put("props", new JsonArray()
            .add(OscalResults.prop("assessment-id", data.assessmentId().toString()))
            .add(OscalResults.prop("catalogue-id", data.catalogueId()))
            .add(OscalResults.prop("catalogue-version", data.catalogueVersion())));
  }
}
