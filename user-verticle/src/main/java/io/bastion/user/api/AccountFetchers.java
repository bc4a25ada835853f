package io.bastion.user.api;

import graphql.schema.DataFetchingEnvironment;
import io.bastion.user.auth.Account;
import io.bastion.user.auth.Accounts;
import io.bastion.user.auth.Caller;
import io.bastion.user.auth.PasswordResets;
import io.bastion.user.auth.Session;
import io.bastion.user.auth.Sessions;
import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionStage;

/**
 * The account fields: signUp, logIn, logOut, me, changePassword, deleteAccount and the password reset pair. Over
 * HTTP the token is also set as an HttpOnly, SameSite=Strict cookie.
 */
public final class AccountFetchers {

  static final String COOKIE = "bastion_token";

  private final Accounts accounts;
  private final Sessions sessions;
  private final PasswordResets resets;

  public AccountFetchers(Accounts accounts, Sessions sessions, PasswordResets resets) {
    this.accounts = accounts;
    this.sessions = sessions;
    this.resets = resets;
  }

  CompletionStage<Session> signUp(DataFetchingEnvironment env) {
    return Fetch.async(withCookie(env, accounts.signUp(env.getArgument("email"), env.getArgument("password"),
        Fetch.clientIp(env))));
  }

  CompletionStage<Session> logIn(DataFetchingEnvironment env) {
    return Fetch.async(withCookie(env, accounts.logIn(env.getArgument("email"), env.getArgument("password"),
        Fetch.clientIp(env))));
  }

  CompletionStage<Boolean> logOut(DataFetchingEnvironment env) {
    Caller.Authenticated caller = Fetch.authenticated(env);
    RoutingContext rc = Fetch.http(env);
    if (rc != null) {
      rc.response().addCookie(cookie(rc, "").setMaxAge(0));
    }
    return Fetch.async(sessions.logOut(caller));
  }

  CompletionStage<Boolean> changePassword(DataFetchingEnvironment env) {
    Caller.Authenticated caller = Fetch.authenticated(env);
    return Fetch.async(accounts.changePassword(caller, env.getArgument("currentPassword"),
        env.getArgument("newPassword")));
  }

  CompletionStage<Boolean> deleteAccount(DataFetchingEnvironment env) {
    Caller.Authenticated caller = Fetch.authenticated(env);
    RoutingContext rc = Fetch.http(env);
    return Fetch.async(accounts.deleteAccount(caller, env.getArgument("password")).onSuccess(v -> {
      if (rc != null) {
        rc.response().addCookie(cookie(rc, "").setMaxAge(0));
      }
    }));
  }

  CompletionStage<Boolean> requestPasswordReset(DataFetchingEnvironment env) {
    return Fetch.async(resets.request(env.getArgument("email"), Fetch.clientIp(env)));
  }

  CompletionStage<Boolean> resetPassword(DataFetchingEnvironment env) {
    return Fetch.async(resets.reset(env.getArgument("token"), env.getArgument("password"), Fetch.clientIp(env)));
  }

  Account me(DataFetchingEnvironment env) {
    return Fetch.authenticated(env).account();
  }

  static Future<Session> withCookie(DataFetchingEnvironment env, Future<Session> session) {
    RoutingContext rc = Fetch.http(env);
    if (rc == null) {
      return session;
    }
    return session.onSuccess(s -> rc.response().addCookie(cookie(rc, s.token())
        .setMaxAge(Math.max(0, Duration.between(Instant.now(), s.expiresAt()).getSeconds()))));
  }

  static Cookie cookie(RoutingContext rc, String value) {
    return Cookie.cookie(COOKIE, value)
        .setPath("/")
        .setHttpOnly(true)
        .setSameSite(CookieSameSite.STRICT)
        .setSecure(rc.request().isSSL());
  }
}
