package io.bastion.user.audit;

import io.bastion.user.error.ApiException;
import io.bastion.user.error.Reason;
import io.bastion.user.organisation.AssessmentAccess;
import io.bastion.user.organisation.Role;
import io.vertx.core.Future;
import java.util.UUID;

/**
 * Which chain a caller may read: an organisation's, for its OWNERs only (NOT_FOUND for outsiders, FORBIDDEN for
 * EDITORs and VIEWERs, asked of the database every time); without an organisation, the caller's own account chain.
 */
public final class AuditChains {

  private final AssessmentAccess access;

  public AuditChains(AssessmentAccess access) {
    this.access = access;
  }

  /** The chain's name, or the error that refuses it. */
  public Future<String> readable(UUID accountId, String organisationId) {
    if (organisationId == null) {
      return Future.succeededFuture(AuditLog.accountChain(accountId));
    }
    return access.roleIn(accountId, organisationId).compose(role -> role == Role.OWNER
        ? Future.succeededFuture(AuditLog.organisationChain(UUID.fromString(organisationId)))
        : Future.failedFuture(ApiException.forbidden(Reason.ROLE_NOT_ALLOWED,
            "only an OWNER of the organisation may read its audit log", java.util.Map.of("role", String.valueOf(role),
            "allowed", "OWNER"))));
  }
}
