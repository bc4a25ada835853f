package io.bastion.user.organisation;

import java.util.UUID;

/** Who asks for a change, as the audit log records them: account, its email, the client's address. */
public record Actor(UUID accountId, String email, String address) {
}
