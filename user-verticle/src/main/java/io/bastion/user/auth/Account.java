package io.bastion.user.auth;

import java.time.Instant;
import java.util.UUID;

public record Account(UUID id, String email, Instant createdAt) {
}
