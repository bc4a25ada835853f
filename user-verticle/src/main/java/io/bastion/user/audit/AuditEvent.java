package io.bastion.user.audit;

import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * One security-relevant event for the audit log: what happened ({@link AuditKind}), who did it, from where, in which
 * organisation (null: the actor's personal space) and to what. {@code detail} holds the event's particulars (a
 * role, a question and value, a version); never a password, token or secret.
 *
 * @param actorId        the account that acted; null when unknown (a failed log in to an unknown email)
 * @param actorEmail     its email as of now (shown; replaced by a pseudonym when the account is deleted)
 * @param address        the client's address, as {@code Fetch.clientAddress} gives it; null when not from a request
 * @param organisationId the organisation whose chain the entry goes in; null for the actor's personal chain
 * @param target         what was acted on: an account id, an assessment id, an invitation id...
 */
public record AuditEvent(AuditKind kind, UUID actorId, String actorEmail, String address, UUID organisationId,
    String target, JsonObject detail) {
}
