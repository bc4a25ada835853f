package io.bastion.user.api;

import graphql.schema.DataFetchingEnvironment;
import io.bastion.user.auth.Caller;
import io.bastion.user.auth.Passkeys;
import io.bastion.user.auth.Session;
import io.bastion.user.auth.TwoStep;
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

  /** {@code accounts}: how a log-in sets its cookies, the same for every way of logging in. */
  public FactorFetchers(Passkeys passkeys, TwoStep twoStep, AccountFetchers accounts) {
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
    return Fetch.async(passkeys.register(caller, env.getArgument("flow"), env.getArgument("credential"),
        env.getArgument("label")));
  }

  CompletionStage<Boolean> removePasskey(DataFetchingEnvironment env) {
    Caller.Authenticated caller = Fetch.authenticated(env);
    return Fetch.async(passkeys.remove(caller, env.getArgument("id")));
  }

  CompletionStage<Map<String, Object>> passkeyLoginOptions(DataFetchingEnvironment env) {
    return Fetch.async(passkeys.loginOptions(Fetch.clientIp(env)).map(FactorFetchers::ceremony));
  }

  CompletionStage<Session> logInWithPasskey(DataFetchingEnvironment env) {
    return Fetch.async(accounts.withCookie(env, passkeys.logIn(env.getArgument("flow"),
        env.getArgument("credential"))));
  }

  CompletionStage<TwoStep.Enrolment> startTwoStep(DataFetchingEnvironment env) {
    return Fetch.async(twoStep.start(Fetch.authenticated(env)));
  }

  CompletionStage<List<String>> confirmTwoStep(DataFetchingEnvironment env) {
    return Fetch.async(twoStep.confirm(Fetch.authenticated(env), env.getArgument("code")));
  }

  CompletionStage<Boolean> disableTwoStep(DataFetchingEnvironment env) {
    return Fetch.async(twoStep.disable(Fetch.authenticated(env), env.getArgument("code")));
  }

  CompletionStage<Session> completeLogIn(DataFetchingEnvironment env) {
    return Fetch.async(accounts.withCookie(env, twoStep.completeLogIn(env.getArgument("secondFactorToken"),
        env.getArgument("code"), AccountFetchers.client(env))));
  }

  /** The options go to the browser as a JSON string: their shape is WebAuthn's, not part of this schema. */
  private static Map<String, Object> ceremony(Passkeys.Ceremony c) {
    return Map.of("flow", c.flow().toString(), "options", c.options().encode());
  }
}
