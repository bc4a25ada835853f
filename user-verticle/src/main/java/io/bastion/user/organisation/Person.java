package io.bastion.user.organisation;

import java.util.UUID;

/** Someone, as teammates see them: the account id and its email. */
public record Person(UUID id, String email) {
}
