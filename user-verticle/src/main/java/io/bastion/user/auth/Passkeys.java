package io.bastion.user.auth;

import io.bastion.user.audit.AuditEvent;
import io.bastion.user.audit.AuditKind;
import io.bastion.user.audit.AuditLog;
import io.bastion.user.db.Sql;
import io.bastion.user.error.ApiException;
import io.bastion.user.error.Reason;
import io.bastion.user.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.webauthn4j.Attestation;
import io.vertx.ext.auth.webauthn4j.RelyingParty;
import io.vertx.ext.auth.webauthn4j.ResidentKey;
import io.vertx.ext.auth.webauthn4j.UserVerification;
import io.vertx.ext.auth.webauthn4j.WebAuthn4J;
import io.vertx.ext.auth.webauthn4j.WebAuthn4JCredentials;
import io.vertx.ext.auth.webauthn4j.WebAuthn4JOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passkeys (WebAuthn, discoverable credentials with user verification): add one while signed in, log in with one
 * alone, list and remove them. Each ceremony has a server-side challenge in the database, single use and valid for
 * two minutes, so it may start on one user node and finish on another. A passkey that verified its user is already
 * two factors (something held, unlocked by something known or biometric), so its login asks for no code.
 */
public final class Passkeys {

  static final Duration CHALLENGE_TTL = Duration.ofMinutes(2);
  static final int MAX_LABEL = 60;
  static final int MAX_CREDENTIAL = 16 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(Passkeys.class);

  /** The options for navigator.credentials.create/get, and the flow id that finishes the ceremony. */
  public record Ceremony(UUID flow, JsonObject options) {
  }

  /** One passkey of an account, as the account page lists it. */
  public record Passkey(String id, String label, Instant createdAt, Instant lastUsedAt) {
  }

  private final Pool pool;
  private final Sessions sessions;
  private final Optional<PasskeySite> site;
  private final WebAuthn4J webauthn;
  private final SecurityNotices notices;
  private final RateLimiter limiter;
  private final AuthLimits limits;
  private final AuditLog audit;

  /** {@code audit}: where a failed log-in with a passkey of an account is recorded, in that account's chain. */
  public Passkeys(Vertx vertx, Pool pool, Sessions sessions, RateLimiter limiter, AuthLimits limits,
      Optional<PasskeySite> site, SecurityNotices notices, AuditLog audit) {
    this.audit = audit;
    this.pool = pool;
    this.limiter = limiter;
    this.limits = limits;
    this.sessions = sessions;
    this.site = site;
    this.notices = notices;
    this.webauthn = site.map(s -> WebAuthn4J.create(vertx, new WebAuthn4JOptions()
            .setRelyingParty(new RelyingParty().setName("Bastion").setId(s.rpId()))
            .setResidentKey(ResidentKey.REQUIRED)             // discoverable: a login needs no email
            .setUserVerification(UserVerification.REQUIRED)  // PIN or biometric on the authenticator
            .setAttestation(Attestation.NONE)
            .setExtensions(new JsonObject()))                // the default asks for an obsolete extension
        .credentialStorage(new PasskeyStore(pool))).orElse(null);
  }

  /** Starts adding a passkey to the caller's account. */
  public Future<Ceremony> registrationOptions(Caller.Authenticated caller) {
    return available()
        .compose(v -> webauthn.createCredentialsOptions(new JsonObject()
            .put("name", caller.account().email()).put("displayName", caller.account().email())))
        .compose(options -> challenge("register", options, caller.accountId()));
  }

  /** Finishes adding a passkey: the flow must be the caller's own, the credential valid for this site. */
  public Future<Passkey> register(Caller.Authenticated caller, String flow, String credential, String label) {
    String name;
    JsonObject body;
    try {
      name = label(label);
      body = credential(credential);
    } catch (ApiException e) {
      return Future.failedFuture(e);
    }
    return available()
        .compose(v -> take(flow, "register"))
        .compose(c -> {
          if (!caller.accountId().equals(c.accountId())) {
            return Future.failedFuture(notAccepted(ErrorCode.INVALID_INPUT, "registration flow of another account"));
          }
          return webauthn.authenticate(new WebAuthn4JCredentials().setChallenge(c.challenge())
                  .setUsername(caller.account().email()).setOrigin(site.get().origin()).setDomain(site.get().rpId())
                  .setWebauthn(body))
              .recover(e -> Future.failedFuture(notAccepted(ErrorCode.INVALID_INPUT, e.getMessage())));
        })
        .compose(user -> {
          String credId = user.principal().getString("credID");
          return pool.preparedQuery(Sql.LABEL_PASSKEY).execute(Tuple.of(credId, caller.accountId(), name))
              .compose(v -> list(caller.accountId()))
              .map(all -> all.stream().filter(p -> p.id().equals(credId)).findFirst().orElseThrow());
        })
        .onSuccess(p -> notices.passkeyAdded(caller.account(), p.label()));
  }

  /**
   * Starts a login with a passkey alone: no email, the authenticator offers the site's passkeys. Counted like a
   * password login from the address (each start stores a challenge row).
   */
  public Future<Ceremony> loginOptions(String ip) {
    return available()
        .compose(v -> limiter.hit(limits.logInPerAddress(), ip))
        .compose(v -> webauthn.getCredentialsOptions(null))
        .compose(options -> challenge("login", options, null));
  }

  /**
   * Finishes a passkey login: a session for the account that owns the credential, remembering the client for the
   * account's session list. A credential of an account that the library refuses (after a live challenge) is a
   * failed log-in in that account's audit chain.
   */
  public Future<Session> logIn(String flow, String credential, LoginClient client) {
    JsonObject body;
    try {
      body = credential(credential);
    } catch (ApiException e) {
      return Future.failedFuture(ApiException.unauthenticated("passkey not accepted"));
    }
    return available()
        .compose(v -> take(flow, "login"))
        .recover(e -> Future.failedFuture(e instanceof ApiException api && api.code() == ErrorCode.FORBIDDEN ? e
            : ApiException.unauthenticated("passkey not accepted: try again")))
        .compose(c -> webauthn.authenticate(new WebAuthn4JCredentials().setChallenge(c.challenge())
                .setOrigin(site.get().origin()).setDomain(site.get().rpId()).setWebauthn(body))
            .recover(e -> {
              recordFailure(body, client);
              return Future.failedFuture(notAccepted(ErrorCode.UNAUTHENTICATED, e.getMessage()));
            }))
        .compose(user -> pool.preparedQuery(Sql.ACCOUNT_BY_EMAIL).execute(Tuple.of(user.principal()
            .getString("username"))))
        .compose(rows -> rows.size() == 0
            ? Future.failedFuture(ApiException.unauthenticated("passkey not accepted: try again"))
            : sessions.open(Account.from(rows.iterator().next()), client.address(), client.userAgent()));
  }

  /**
   * Records a refused passkey in the audit chain of the account it belongs to; a credential id no account has is
   * not recorded (no chain to put it in). Not waited for, as a wrong password is not (see Accounts): the answer
   * must take as long whether or not the credential is someone's.
   */
  private void recordFailure(JsonObject body, LoginClient client) {
    if (!(body.getValue("id") instanceof String credId) || credId.length() > 1024) {
      return;
    }
    pool.preparedQuery(Sql.PASSKEY_OWNER).execute(Tuple.of(credId))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.<Void>succeededFuture();
          }
          UUID accountId = rows.iterator().next().getUUID("account_id");
          return audit.record(new AuditEvent(AuditKind.LOG_IN_FAILED, accountId, null, client.address(), null,
              accountId.toString(), new JsonObject().put("step", "passkey").put("passkey", credId)));
        })
        .onFailure(e -> LOG.warn("failed passkey log-in not audited: {}", e.toString()));
  }

  /** The account's passkeys, oldest first. */
  public Future<List<Passkey>> list(UUID accountId) {
    return pool.preparedQuery(Sql.LIST_PASSKEYS).execute(Tuple.of(accountId)).map(rows -> {
      List<Passkey> all = new ArrayList<>();
      for (Row row : rows) {
        OffsetDateTime used = row.getOffsetDateTime("last_used_at");
        all.add(new Passkey(row.getString("cred_id"), row.getString("label"),
            row.getOffsetDateTime("created_at").toInstant(), used == null ? null : used.toInstant()));
      }
      return all;
    });
  }

  /** Removes one of the caller's passkeys; false when the caller has none with this id (someone else's included). */
  public Future<Boolean> remove(Caller.Authenticated caller, String id) {
    if (id == null || id.length() > 1024) {
      return Future.succeededFuture(false);
    }
    return pool.preparedQuery(Sql.REMOVE_PASSKEY).execute(Tuple.of(id, caller.accountId()))
        .map(rows -> rows.rowCount() == 1)
        .onSuccess(removed -> {
          if (removed) {
            notices.passkeyRemoved(caller.account());
          }
        });
  }

  private Future<Void> available() {
    return webauthn != null ? Future.succeededFuture() : Future.failedFuture(ApiException.forbidden(Reason.PASSKEYS_UNAVAILABLE,
        "passkeys need this node's public URL (http.public-url) to use a host name, such as localhost, "
            + "not an IP address"));
  }

  private record Challenge(String challenge, UUID accountId) {
  }

  private Future<Ceremony> challenge(String purpose, JsonObject options, UUID accountId) {
    UUID flow = UUID.randomUUID();
    return pool.preparedQuery(Sql.INSERT_CHALLENGE).execute(Tuple.of(flow, purpose, options.getString("challenge"),
            accountId, (double) CHALLENGE_TTL.toSeconds()))
        .map(v -> new Ceremony(flow, options));
  }

  /** Takes (and so ends) a challenge; an unknown, used or expired one is refused. */
  private Future<Challenge> take(String flow, String purpose) {
    UUID id;
    try {
      id = UUID.fromString(flow);
    } catch (IllegalArgumentException | NullPointerException e) {
      return Future.failedFuture(notAccepted(ErrorCode.INVALID_INPUT, "malformed flow id"));
    }
    return pool.preparedQuery(Sql.TAKE_CHALLENGE).execute(Tuple.of(id, purpose)).compose(rows -> {
      Row row = rows.size() == 0 ? null : rows.iterator().next();
      if (row == null || !row.getBoolean("live")) {
        return Future.failedFuture(notAccepted(ErrorCode.INVALID_INPUT, "unknown, used or expired challenge"));
      }
      return Future.succeededFuture(new Challenge(row.getString("challenge"), row.getUUID("account_id")));
    });
  }

  private static String label(String label) {
    String name = label == null ? "" : label.strip();
    if (name.isEmpty() || name.length() > MAX_LABEL || name.chars().anyMatch(Character::isISOControl)) {
      throw ApiException.invalid(Reason.PASSKEY_LABEL, "give the passkey a name of 1 to " + MAX_LABEL
          + " characters", java.util.Map.of("max", MAX_LABEL));
    }
    return name;
  }

  private static JsonObject credential(String credential) {
    if (credential == null || credential.length() > MAX_CREDENTIAL) {
      throw ApiException.invalid(Reason.MALFORMED_CREDENTIAL, "malformed passkey credential");
    }
    try {
      return new JsonObject(credential);
    } catch (DecodeException | ClassCastException e) {
      throw ApiException.invalid(Reason.MALFORMED_CREDENTIAL, "malformed passkey credential");
    }
  }

  /** One answer for every reason a ceremony fails (the library's messages are for the log). */
  private static ApiException notAccepted(ErrorCode code, String reason) {
    LOG.info("passkey not accepted: {}", reason);
    return code == ErrorCode.INVALID_INPUT
        ? ApiException.invalid(Reason.PASSKEY_NOT_ACCEPTED, "passkey not accepted: try again")
        : new ApiException(code, "passkey not accepted: try again");
  }
}
