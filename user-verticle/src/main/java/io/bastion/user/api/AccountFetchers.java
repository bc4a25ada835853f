package io.bastion.user.api;

import graphql.schema.DataFetchingEnvironment;
import io.bastion.user.audit.AuditKind;
import io.bastion.user.audit.AuditLog;
import io.bastion.user.auth.Account;
import io.bastion.user.auth.Accounts;
import io.bastion.user.auth.Caller;
import io.bastion.user.auth.DeviceCookies;
import io.bastion.user.auth.LoginClient;
import io.bastion.user.auth.PasswordResets;
import io.bastion.user.auth.Session;
import io.bastion.user.auth.SessionInfo;
import io.bastion.user.auth.Sessions;
import io.bastion.user.web.RequestFacts;
import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

/**
 * The account fields: signUp, logIn, logOut, me, changePassword, setLanguage, deleteAccount, the password reset pair, and the
 * account's sessions (list, end one). Over HTTP the token is also set as an HttpOnly, SameSite=Strict cookie, and a
 * log-in sets the device cookie that exempts this browser from lock-outs caused elsewhere (see LoginLockout).
 */
public final class AccountFetchers {

  static final String COOKIE = "bastion_token";

  private final Accounts accounts;
  private final Sessions sessions;
  private final PasswordResets resets;
  private final DeviceCookies devices;
  private final Audited audited;

  /** {@code audit}: sign-ups, log-ins, log-outs, sessions ended and password changes are recorded there. */
  public AccountFetchers(Accounts accounts, Sessions sessions, PasswordResets resets, DeviceCookies devices,
      AuditLog audit) {
    this.audited = new Audited(audit);
    this.accounts = accounts;
    this.sessions = sessions;
    this.resets = resets;
    this.devices = devices;
  }

  CompletionStage<Session> signUp(DataFetchingEnvironment env) {
    // The new account's language: the one the page asked in (it sends its current language as Accept-Language).
    return Fetch.async(withCookie(env, audited.after(accounts.signUp(env.getArgument("email"),
        env.getArgument("password"), client(env), Fetch.language(env)), s -> Audited.own(AuditKind.SIGN_UP, s.account(), env,
        new JsonObject()))));
  }

  CompletionStage<Session> logIn(DataFetchingEnvironment env) {
    return Fetch.async(withCookie(env, loggedIn(env, accounts.logIn(env.getArgument("email"),
        env.getArgument("password"), client(env)), "password")));
  }

  CompletionStage<List<SessionInfo>> sessions(DataFetchingEnvironment env) {
    return Fetch.async(sessions.list(Fetch.authenticated(env)));
  }

  CompletionStage<Boolean> endSession(DataFetchingEnvironment env) {
    Caller.Authenticated caller = Fetch.authenticated(env);
    UUID id;
    try {
      id = UUID.fromString(env.getArgument("id"));
    } catch (IllegalArgumentException e) {
      return Fetch.async(Future.succeededFuture(false));
    }
    // Recorded only when a session ended (not for an id the account has no live session with).
    return Fetch.async(audited.after(sessions.end(caller, id), ended -> !ended ? null
        : Audited.own(AuditKind.SESSION_ENDED, caller.account(), env, new JsonObject().put("session", id.toString())
            .put("own", id.equals(caller.sessionId())))));
  }

  /** The address, User-Agent and device cookie of the request (of the WebSocket's upgrade request over WebSocket). */
  static LoginClient client(DataFetchingEnvironment env) {
    RoutingContext rc = env.getGraphQlContext().get(RoutingContext.class);
    if (rc == null) {
      return LoginClient.from(Fetch.clientIp(env));
    }
    Cookie device = rc.request().getCookie(DeviceCookies.COOKIE);
    return new LoginClient(Fetch.clientIp(env), rc.request().getHeader(HttpHeaders.USER_AGENT),
        device == null ? null : device.getValue());
  }

  CompletionStage<Boolean> logOut(DataFetchingEnvironment env) {
    Caller.Authenticated caller = Fetch.authenticated(env);
    RoutingContext rc = Fetch.http(env);
    if (rc != null) {
      rc.response().addCookie(cookie(rc, "").setMaxAge(0));
    }
    return Fetch.async(audited.after(sessions.logOut(caller),
        out -> Audited.own(AuditKind.LOG_OUT, caller.account(), env, new JsonObject())));
  }

  CompletionStage<Boolean> changePassword(DataFetchingEnvironment env) {
    Caller.Authenticated caller = Fetch.authenticated(env);
    return Fetch.async(audited.after(accounts.changePassword(caller, env.getArgument("currentPassword"),
        env.getArgument("newPassword")), ok -> Audited.own(AuditKind.PASSWORD_CHANGED, caller.account(), env,
        new JsonObject())));
  }

  CompletionStage<Boolean> deleteAccount(DataFetchingEnvironment env) {
    Caller.Authenticated caller = Fetch.authenticated(env);
    RoutingContext rc = Fetch.http(env);
    return Fetch.async(accounts.deleteAccount(caller, env.getArgument("password"), Fetch.clientIp(env)).onSuccess(v -> {
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

  /** The caller's language from now on: its mails', and the page's in every browser it logs in from. */
  CompletionStage<Account> setLanguage(DataFetchingEnvironment env) {
    return Fetch.async(accounts.setLanguage(Fetch.authenticated(env), env.getArgument("language")));
  }

  /** Account.language: the code ("en", "de"), null when the account chose none. */
  static String language(DataFetchingEnvironment env) {
    Account account = env.getSource();
    return account.language() == null ? null : account.language().code();
  }

  Account me(DataFetchingEnvironment env) {
    return Fetch.authenticated(env).account();
  }

  /** Records the log in of a session opened by {@code method} (password, second-factor, passkey). */
  Future<Session> loggedIn(DataFetchingEnvironment env, Future<Session> session, String method) {
    return audited.after(session, s -> Audited.own(AuditKind.LOG_IN, s.account(), env,
        new JsonObject().put("method", method)));
  }

  /** Sets the session cookie and a fresh device cookie (the browser is known to the account from now on). */
  Future<Session> withCookie(DataFetchingEnvironment env, Future<Session> session) {
    RoutingContext rc = Fetch.http(env);
    if (rc == null) {
      return session;
    }
    return session.onSuccess(s -> {
      rc.response().addCookie(cookie(rc, s.token())
          .setMaxAge(Math.max(0, Duration.between(Instant.now(), s.expiresAt()).getSeconds())));
      rc.response().addCookie(Cookie.cookie(DeviceCookies.COOKIE, devices.issue(s.account().id()))
          .setPath("/")
          .setHttpOnly(true)
          .setSameSite(CookieSameSite.STRICT)
          .setSecure(RequestFacts.secureCookies(rc))
          .setMaxAge(DeviceCookies.MAX_AGE_SECONDS));
    });
  }

  static Cookie cookie(RoutingContext rc, String value) {
    return Cookie.cookie(COOKIE, value)
        .setPath("/")
        .setHttpOnly(true)
        .setSameSite(CookieSameSite.STRICT)
        .setSecure(RequestFacts.secureCookies(rc));
  }
}
