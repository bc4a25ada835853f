package io.bastion.user.api;

import graphql.schema.DataFetchingEnvironment;
import graphql.schema.idl.RuntimeWiring;
import io.bastion.user.assessment.Actor;
import io.bastion.user.assessment.Assessment;
import io.bastion.user.assessment.AssessmentService;
import io.bastion.user.error.ApiException;
import io.bastion.user.organisation.AccessEvents;
import io.bastion.user.organisation.AssessmentAccess;
import io.bastion.user.organisation.Organisation;
import io.bastion.user.organisation.Organisations;
import io.vertx.core.Future;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

/**
 * Where assessments live: starting one in the personal space or in an organisation (EDITOR or better there),
 * deleting one (OWNER; its account for a personal one), and Assessment.organisation.
 */
public final class TeamAssessmentFetchers {

  private final AssessmentService assessments;
  private final Organisations organisations;
  private final AccessEvents events;

  public TeamAssessmentFetchers(AssessmentService assessments, Organisations organisations, AccessEvents events) {
    this.assessments = assessments;
    this.organisations = organisations;
    this.events = events;
  }

  void wire(RuntimeWiring.Builder wiring) {
    wiring.type("Assessment", t -> t.dataFetcher("organisation", this::organisation));
  }

  /** The role check, the insert and the audit entry are one transaction (AssessmentService.start). */
  CompletionStage<Assessment> start(DataFetchingEnvironment env) {
    String organisationId = env.getArgument("organisationId");
    UUID org = null;
    if (organisationId != null) {
      org = AssessmentAccess.parse(organisationId);
      if (org == null) {
        return Fetch.async(Future.failedFuture(ApiException.notFound("organisation", organisationId)));
      }
    }
    return Fetch.async(assessments.start(actor(env), env.getArgument("catalogueId"), env.getArgument("title"), org,
        Fetch.language(env)));
  }

  /** The OWNER check, the deletion and the audit entry are one transaction (AssessmentService.delete). */
  CompletionStage<Boolean> delete(DataFetchingEnvironment env) {
    String id = env.getArgument("id");
    return Fetch.async(assessments.delete(actor(env), id)
        .onSuccess(deleted -> {
          if (deleted) {
            events.assessmentDeleted(UUID.fromString(id));
          }
        }));
  }

  private static Actor actor(DataFetchingEnvironment env) {
    io.bastion.user.organisation.Actor actor = OrganisationFetchers.actor(env);
    return new Actor(actor.accountId(), actor.email(), actor.address());
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
