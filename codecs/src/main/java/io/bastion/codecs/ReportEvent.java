package io.bastion.codecs;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The report of one assessment version, as computed by a security node. It is stored as-is (one row per assessment
 * id and version), published to the browser as JSON and served by GraphQL, so old reports stay explainable: they
 * carry the catalogue version and the formula version they were computed with.
 *
 * @param eventId       the AnswerEvent this report answers
 * @param score         overall score 0 to 100, one decimal
 * @param tier          maturity tier 1 to 4
 * @param complete      true when every applicable question is answered
 * @param answeredShare answered / applicable, 0 to 1
 * @param quickWins     the top findings that take little effort
 * @param delta         change since the previous report, null for the first one
 * @param scoredBy      the node that computed the report (for operations)
 * @param categories    per category, for a catalogue with categories (empty otherwise, and in reports stored
 *                      before categories were scored)
 */
public record ReportEvent(
    UUID eventId,
    UUID accountId,
    UUID assessmentId,
    long version,
    String catalogueId,
    String catalogueVersion,
    String formulaVersion,
    double score,
    int tier,
    String tierName,
    boolean complete,
    int answered,
    int applicable,
    double answeredShare,
    List<FunctionScore> functions,
    List<Finding> findings,
    List<Finding> quickWins,
    Delta delta,
    String scoredBy,
    Instant computedAt,
    List<CategoryScore> categories) {

  public ReportEvent {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(assessmentId, "assessmentId");
    functions = List.copyOf(functions);
    findings = List.copyOf(findings);
    quickWins = List.copyOf(quickWins);
    categories = categories == null ? List.of() : List.copyOf(categories);
  }

  /** A report of a catalogue without categories. */
  public ReportEvent(UUID eventId, UUID accountId, UUID assessmentId, long version, String catalogueId,
      String catalogueVersion, String formulaVersion, double score, int tier, String tierName, boolean complete,
      int answered, int applicable, double answeredShare, List<FunctionScore> functions, List<Finding> findings,
      List<Finding> quickWins, Delta delta, String scoredBy, Instant computedAt) {
    this(eventId, accountId, assessmentId, version, catalogueId, catalogueVersion, formulaVersion, score, tier,
        tierName, complete, answered, applicable, answeredShare, functions, findings, quickWins, delta, scoredBy,
        computedAt, List.of());
  }
}
