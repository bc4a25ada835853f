package io.bastion.user.assessment;

import java.util.UUID;

/**
 * Who acts on an assessment, as the answer, its live event and the audit log name them.
 *
 * @param address the client's address (for the audit log), null when not from a request
 */
public record Actor(UUID accountId, String email, String address) {
}
