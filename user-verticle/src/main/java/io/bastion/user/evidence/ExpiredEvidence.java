package io.bastion.user.evidence;

import java.time.LocalDate;
import java.util.UUID;

/**
 * Evidence past its expiry, as the report lists it (GraphQL ExpiredEvidence): worked out when read, so the stored
 * report does not change.
 *
 * @param questionText the question's text in the assessment's catalogue (its id when the catalogue has none)
 * @param expiredSince the item's expiry date: valid through that day, expired from the next
 */
public record ExpiredEvidence(UUID evidenceId, String questionId, String questionText, String name,
    LocalDate expiredSince) {
}
