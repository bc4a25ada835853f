package io.bastion.user.api;

import graphql.schema.DataFetchingEnvironment;
import graphql.schema.idl.RuntimeWiring;
import io.bastion.user.assessment.Assessment;
import io.bastion.user.assessment.AssessmentService;
import io.bastion.user.audit.AuditEvent;
import io.bastion.user.audit.AuditKind;
import io.bastion.user.audit.AuditLog;
import io.bastion.user.organisation.AccessEvents;
import io.bastion.user.organisation.AssessmentAccess;
import io.bastion.user.organisation.Actor;
import io.bastion.user.organisation.Organisation;
import io.bastion.user.organisation.Organisations;
import io.bastion.user.organisation.Role;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

/**
 * Where assessments live: starting one in the personal space or in an organisation (EDITOR or better there),
 * deleting one (OWNER; its account for a personal one), and Assessment.organisation.
 */
public final class TeamAssessmentFetchers {

  private final AssessmentService assessments;
  private final AssessmentAccess access;
  private final Organisations organisations;
  private final AuditLog audit;
  private final AccessEvents events;

  public TeamAssessmentFetchers(AssessmentService assessments, AssessmentAccess access, Organisations organisations,
      AuditLog audit, AccessEvents events) {
    this.assessments = assessments;
    this.access = access;
    this.organisations = organisations;
    this.audit = audit;
    this.events = events;
  }

  void wire(RuntimeWiring.Builder wiring) {
    wiring.type("Assessment", t -> t.dataFetcher("organisation", this::organisation));
  }

  CompletionStage<Assessment> start(DataFetchingEnvironment env) {
    Actor actor = OrganisationFetchers.actor(env);
    String organisationId = env.getArgument("organisationId");
    Future<UUID> where = organisationId == null
        ? Future.succeededFuture(null)
        : access.roleIn(actor.accountId(), organisationId).map(role -> {
          if (!role.atLeast(Role.EDITOR)) {
            throw io.bastion.user.error.ApiException.forbidden("your role in this organisation (" + role
                + ") may not start assessments; EDITOR may");
          }
          return UUID.fromString(organisationId);
        });
    return Fetch.async(where
        .compose(org -> assessments.start(actor.accountId(), env.getArgument("catalogueId"),
            env.getArgument("title"), org))
        .compose(a -> audit.record(new AuditEvent(AuditKind.ASSESSMENT_STARTED, actor.accountId(), actor.email(),
            actor.address(), a.organisationId(), a.id().toString(), new JsonObject()
            .put("catalogueId", a.catalogueId()).put("catalogueVersion", a.catalogueVersion()))).map(a)));
  }

  CompletionStage<Boolean> delete(DataFetchingEnvironment env) {
    Actor actor = OrganisationFetchers.actor(env);
    return Fetch.async(access.require(actor.accountId(), env.getArgument("id"), Role.OWNER)
        .compose(grant -> assessments.delete(grant.assessmentId())
            .compose(deleted -> audit.record(new AuditEvent(AuditKind.ASSESSMENT_DELETED, actor.accountId(),
                actor.email(), actor.address(), grant.organisationId(), grant.assessmentId().toString(), null))
                .map(deleted))
            .onSuccess(deleted -> events.assessmentDeleted(grant.assessmentId()))));
  }

  /** Null for a personal assessment; the organisation as the caller sees it otherwise. */
  private CompletionStage<Organisation> organisation(DataFetchingEnvironment env) {
    Assessment a = env.getSource();
    if (a.organisationId() == null) {
      return Fetch.async(Future.succeededFuture(null));
    }
    return Fetch.async(organisations.find(Fetch.authenticated(env).accountId(), a.organisationId()));
  }
}
