package io.bastion.user.api;

import graphql.schema.DataFetchingEnvironment;
import graphql.schema.idl.RuntimeWiring;
import io.bastion.user.auth.Caller;
import io.bastion.user.organisation.Actor;
import io.bastion.user.organisation.Invitation;
import io.bastion.user.organisation.Invitations;
import io.bastion.user.organisation.Member;
import io.bastion.user.organisation.Memberships;
import io.bastion.user.organisation.Organisation;
import io.bastion.user.organisation.Organisations;
import io.bastion.user.organisation.Role;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Organisations, members and invitations. Every entry point asks the database for the caller's membership: a
 * non-member gets NOT_FOUND for any organisation id, a member whose role is too weak FORBIDDEN.
 */
public final class OrganisationFetchers {

  private final Organisations organisations;
  private final Memberships memberships;
  private final Invitations invitations;
  private final AccountFetchers accounts;

  public OrganisationFetchers(Organisations organisations, Memberships memberships, Invitations invitations,
      AccountFetchers accounts) {
    this.organisations = organisations;
    this.memberships = memberships;
    this.invitations = invitations;
    this.accounts = accounts;
  }

  void wire(RuntimeWiring.Builder wiring) {
    wiring.type("Organisation", t -> t
        .dataFetcher("members", this::members)
        .dataFetcher("invitations", this::invitationsOf));
  }

  static Actor actor(DataFetchingEnvironment env) {
    Caller.Authenticated caller = Fetch.authenticated(env);
    return new Actor(caller.accountId(), caller.account().email(), Fetch.clientIp(env));
  }

  CompletionStage<List<Organisation>> organisations(DataFetchingEnvironment env) {
    return Fetch.async(organisations.list(Fetch.authenticated(env).accountId()));
  }

  CompletionStage<Organisation> create(DataFetchingEnvironment env) {
    return Fetch.async(organisations.create(actor(env), env.getArgument("name")));
  }

  CompletionStage<Invitation> invite(DataFetchingEnvironment env) {
    Actor actor = actor(env);
    return Fetch.async(invitations.invite(actor, env.getArgument("organisationId"), env.getArgument("email"),
        role(env), Fetch.language(env)));
  }

  CompletionStage<Boolean> revokeInvitation(DataFetchingEnvironment env) {
    return Fetch.async(invitations.revoke(actor(env), env.getArgument("organisationId"),
        env.getArgument("invitationId")));
  }

  CompletionStage<Organisation> acceptInvitation(DataFetchingEnvironment env) {
    return Fetch.async(invitations.accept(actor(env), env.getArgument("token")));
  }

  CompletionStage<Member> changeRole(DataFetchingEnvironment env) {
    Actor actor = actor(env);
    return Fetch.async(memberships.changeRole(actor, env.getArgument("organisationId"), env.getArgument("accountId"),
        role(env)));
  }

  CompletionStage<Boolean> removeMember(DataFetchingEnvironment env) {
    return Fetch.async(memberships.remove(actor(env), env.getArgument("organisationId"),
        env.getArgument("accountId")));
  }

  CompletionStage<Boolean> leaveOrganisation(DataFetchingEnvironment env) {
    return Fetch.async(memberships.leave(actor(env), env.getArgument("organisationId")));
  }

  /**
   * deleteAccount, refused (CONFLICT) while the account is the last OWNER of an organisation with other members;
   * organisations whose only member it is go with it (Sql.DELETE_ACCOUNT). The rule is checked inside the deletion's
   * transaction, with the memberships locked (Accounts.deleteAccount, Memberships.requireDeletable).
   */
  CompletionStage<Boolean> deleteAccount(DataFetchingEnvironment env) {
    return accounts.deleteAccount(env);
  }

  private CompletionStage<List<Member>> members(DataFetchingEnvironment env) {
    return Fetch.async(organisations.members(env.getSource()));
  }

  private CompletionStage<List<Invitation>> invitationsOf(DataFetchingEnvironment env) {
    return Fetch.async(organisations.invitations(env.getSource()));
  }

  /** The role argument: an enum of the schema, so graphql-java has checked its spelling. */
  private static Role role(DataFetchingEnvironment env) {
    Object role = env.getArgument("role");
    return Role.parse(String.valueOf(role));
  }
}
