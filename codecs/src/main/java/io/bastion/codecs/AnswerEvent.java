package io.bastion.codecs;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Envelope around the complete answers of one assessment version: the snapshot a report is computed from.
 *
 * @param eventId          id of the outbox row this event was committed with
 * @param questionId       the question whose answer produced this version
 * @param state            NEW when that question was answered for the first time, UPDATED when it changed
 * @param createdAt        when that answer was first given
 * @param updatedAt        when this version was committed
 * @param catalogueVersion the catalogue version the assessment was started with (never silently upgraded)
 * @param answers          every answer of the assessment at {@code version}
 * @param previous         the answers behind the previous stored report, or null for the first report
 */
public record AnswerEvent(
    UUID eventId,
    UUID accountId,
    UUID assessmentId,
    long version,
    AnswerState state,
    String questionId,
    Instant createdAt,
    Instant updatedAt,
    String catalogueId,
    String catalogueVersion,
    List<AnswerEntry> answers,
    Baseline previous) {

  public AnswerEvent {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(assessmentId, "assessmentId");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(catalogueId, "catalogueId");
    Objects.requireNonNull(catalogueVersion, "catalogueVersion");
    answers = List.copyOf(Objects.requireNonNull(answers, "answers"));
  }
}
