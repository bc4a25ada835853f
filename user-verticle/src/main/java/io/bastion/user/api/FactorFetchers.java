package io.bastion.user.api;

import graphql.schema.DataFetchingEnvironment;
import io.bastion.user.audit.AuditKind;
import io.bastion.user.audit.AuditLog;
import io.bastion.user.auth.Caller;
import io.bastion.user.auth.Passkeys;
import io.bastion.user.auth.Session;
import io.bastion.user.auth.TwoStep;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Passkeys and two-step verification: the fields that add, list and remove passkeys, log in with one, turn the
 * one-time code on and off, and finish a login that needs a code. A login that opens a session sets the cookie as
 * logIn does.
 */
public final class FactorFetchers {

  private final Passkeys passkeys;
  private final TwoStep twoStep;
  private final AccountFetchers accounts;
  private final Audited audited;

  /**
   * {@code accounts}: how a log-in sets its cookies and is audited, the same for every way of logging in;
   * {@code audit}: where changes of passkeys and of the second factor are recorded.
   */
  public FactorFetchers(Passkeys passkeys, TwoStep twoStep, AccountFetchers accounts, AuditLog audit) {
    this.audited = new Audited(audit);
    this.passkeys = passkeys;
    this.twoStep = twoStep;
    this.accounts = accounts;
  }

  CompletionStage<List<Passkeys.Passkey>> passkeys(DataFetchingEnvironment env) {
    return Fetch.async(passkeys.list(Fetch.authenticated(env).accountId()));
  }

  CompletionStage<Boolean> twoStepEnabled(DataFetchingEnvironment env) {
    return Fetch.async(twoStep.enabled(Fetch.authenticated(env).accountId()));
  }

  CompletionStage<Map<String, Object>> passkeyRegistrationOptions(DataFetchingEnvironment env) {
    Caller.Authenticated caller = Fetch.authenticated(env);
    return Fetch.async(passkeys.registrationOptions(caller).map(FactorFetchers::ceremony));
  }

  CompletionStage<Passkeys.Passkey> registerPasskey(DataFetchingEnvironment env) {
    Caller.Authenticated caller = Fetch.authenticated(env);
    return Fetch.async(audited.after(passkeys.register(caller, env.getArgument("flow"), env.getArgument("credential"),
        env.getArgument("label")), added -> Audited.own(AuditKind.PASSKEY_CHANGED, caller.account(), env,
        new JsonObject().put("change", "added").put("passkey", added.id()))));
  }

  CompletionStage<Boolean> removePasskey(DataFetchingEnvironment env) {
    Caller.Authenticated caller = Fetch.authenticated(env);
    String id = env.getArgument("id");
    return Fetch.async(audited.after(passkeys.remove(caller, id), removed -> !removed ? null
        : Audited.own(AuditKind.PASSKEY_CHANGED, caller.account(), env,
            new JsonObject().put("change", "removed").put("passkey", id))));
  }

  CompletionStage<Map<String, Object>> passkeyLoginOptions(DataFetchingEnvironment env) {
    return Fetch.async(passkeys.loginOptions(Fetch.clientIp(env)).map(FactorFetchers::ceremony));
  }

  CompletionStage<Session> logInWithPasskey(DataFetchingEnvironment env) {
    return Fetch.async(accounts.withCookie(env, accounts.loggedIn(env, passkeys.logIn(env.getArgument("flow"),
        env.getArgument("credential"), AccountFetchers.client(env)), "passkey")));
  }

  CompletionStage<TwoStep.Enrolment> startTwoStep(DataFetchingEnvironment env) {
    return Fetch.async(twoStep.start(Fetch.authenticated(env)));
  }

  CompletionStage<List<String>> confirmTwoStep(DataFetchingEnvironment env) {
    Caller.Authenticated caller = Fetch.authenticated(env);
    // Turning it on also issues the first recovery codes (never recorded: only that it changed).
    return Fetch.async(audited.after(twoStep.confirm(caller, env.getArgument("code")),
        codes -> Audited.own(AuditKind.SECOND_FACTOR_CHANGED, caller.account(), env,
            new JsonObject().put("change", "two-step-on").put("recoveryCodes", "issued"))));
  }

  CompletionStage<Boolean> disableTwoStep(DataFetchingEnvironment env) {
    Caller.Authenticated caller = Fetch.authenticated(env);
    return Fetch.async(audited.after(twoStep.disable(caller, env.getArgument("code")),
        off -> Audited.own(AuditKind.SECOND_FACTOR_CHANGED, caller.account(), env,
            new JsonObject().put("change", "two-step-off"))));
  }

  CompletionStage<Session> completeLogIn(DataFetchingEnvironment env) {
    return Fetch.async(accounts.withCookie(env, accounts.loggedIn(env,
        twoStep.completeLogIn(env.getArgument("secondFactorToken"), env.getArgument("code"),
            AccountFetchers.client(env)), "password+second-factor")));
  }

  /** The options go to the browser as a JSON string: their shape is WebAuthn's, not part of this schema. */
  private static Map<String, Object> ceremony(Passkeys.Ceremony c) {
    return Map.of("flow", c.flow().toString(), "options", c.options().encode());
  }
}
