package io.bastion.user.export;

import io.bastion.catalogue.Catalogue;
import io.bastion.user.assessment.ActionItem;
import io.bastion.user.assessment.Target;
import io.bastion.user.evidence.Evidence;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What an export of one report version is made of: the assessment, the stored report (the scoring facts), the
 * answers as they stood at that version and the score history up to it. The catalogue's words come from
 * {@code catalogue}, the exact version the assessment uses (empty when this node does not have it: ids stand in).
 *
 * @param startedAt  when the assessment was started
 * @param reportedAt when the report was stored
 * @param report     the report's JSON as the security node computed it (findings, functions, score, tier...)
 * @param history    the reports up to this one, oldest first
 * @param actions    the action plan as it stands now (not versioned: the same for every version), oldest item first
 * @param targets    the targets per function as they stand now, in the framework's order
 * @param evidence   the evidence of the answers as it stands now (files and links, expired ones marked)
 */
public record ExportData(
    UUID assessmentId,
    String title,
    String catalogueId,
    String catalogueVersion,
    Instant startedAt,
    long version,
    Instant reportedAt,
    JsonObject report,
    List<Answer> answers,
    List<ScorePoint> history,
    Optional<Catalogue> catalogue,
    List<ActionItem> actions,
    List<Target> targets,
    List<Evidence> evidence) {

  public ExportData {
    answers = List.copyOf(answers);
    history = List.copyOf(history);
    actions = List.copyOf(actions);
    targets = List.copyOf(targets);
    evidence = List.copyOf(evidence);
  }

  /** An export without evidence. */
  public ExportData(UUID assessmentId, String title, String catalogueId, String catalogueVersion, Instant startedAt,
      long version, Instant reportedAt, JsonObject report, List<Answer> answers, List<ScorePoint> history,
      Optional<Catalogue> catalogue, List<ActionItem> actions, List<Target> targets) {
    this(assessmentId, title, catalogueId, catalogueVersion, startedAt, version, reportedAt, report, answers, history,
        catalogue, actions, targets, List.of());
  }

  /** The evidence of one question, in the order it was added. */
  public List<Evidence> evidenceOf(String questionId) {
    return evidence.stream().filter(e -> e.questionId().equals(questionId)).toList();
  }

  /**
   * One answer as it stood at the exported version.
   *
   * @param version          the assessment version this answer produced
   * @param answeredBy       who gave it; null once that account is deleted
   * @param answeredByEmail  their email; null once that account is deleted
   */
  public record Answer(String questionId, String value, String comment, long version, Instant at, UUID answeredBy,
      String answeredByEmail) {
  }

  /**
   * One report of the score history.
   *
   * @param functions score per function code (GV, ID...), null where none of its questions applied
   */
  public record ScorePoint(long version, Instant at, double score, int tier, Map<String, Double> functions) {
  }
}
