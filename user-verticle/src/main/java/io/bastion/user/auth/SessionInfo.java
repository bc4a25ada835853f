package io.bastion.user.auth;

import java.time.Instant;
import java.util.UUID;

/** One live session as the account page lists it; {@code current} marks the caller's own. */
public record SessionInfo(UUID id, String browser, String address, Instant createdAt, Instant lastUsedAt,
    boolean current) {
}
