package io.bastion.user.api;

import graphql.schema.DataFetchingEnvironment;
import graphql.schema.idl.RuntimeWiring;
import io.bastion.user.assessment.Actor;
import io.bastion.user.auth.Caller;
import io.bastion.user.evidence.Evidence;
import io.bastion.user.evidence.Evidences;
import io.bastion.user.evidence.ExpiredEvidence;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Evidence over GraphQL: Assessment.evidence and Assessment.expiredEvidence (reachable only from an Assessment the
 * caller may read), addEvidenceLink and removeEvidence (checked by {@link Evidences}). Files are uploaded and
 * downloaded over plain HTTP (see the evidence package).
 */
final class EvidenceFetchers {

  private final Evidences evidences;

  EvidenceFetchers(Evidences evidences) {
    this.evidences = evidences;
  }

  void wire(RuntimeWiring.Builder wiring) {
    wiring.type("Assessment", t -> t
        .dataFetcher("evidence", this::evidence)
        .dataFetcher("expiredEvidence", this::expired));
  }

  CompletionStage<Evidence> addLink(DataFetchingEnvironment env) {
    return Fetch.async(evidences.addLink(actor(env), env.getArgument("assessmentId"), env.getArgument("questionId"),
        env.getArgument("url"), env.getArgument("title"), env.getArgument("effectiveDate"),
        env.getArgument("expiresOn")));
  }

  CompletionStage<String> remove(DataFetchingEnvironment env) {
    return Fetch.async(evidences.remove(actor(env), env.getArgument("id")));
  }

  private CompletionStage<List<Evidence>> evidence(DataFetchingEnvironment env) {
    return Fetch.async(evidences.of(env.getSource(), env.getArgument("questionId")));
  }

  private CompletionStage<List<ExpiredEvidence>> expired(DataFetchingEnvironment env) {
    return Fetch.async(evidences.expired(env.getSource()));
  }

  private static Actor actor(DataFetchingEnvironment env) {
    Caller.Authenticated caller = Fetch.authenticated(env);
    return new Actor(caller.accountId(), caller.account().email(), Fetch.clientIp(env));
  }
}
