package io.bastion.user.audit;

import java.time.Instant;
import java.util.UUID;

/** Which entries of a chain to read: after an id, at most {@code limit}, optionally of one actor, kind or time span. */
public record AuditFilter(long after, int limit, UUID actorId, AuditKind kind, Instant from, Instant to) {
}
