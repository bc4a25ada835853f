package io.bastion.user.organisation;

import io.bastion.catalogue.Language;
import io.bastion.user.audit.AuditEvent;
import io.bastion.user.audit.AuditKind;
import io.bastion.user.audit.AuditLog;
import io.bastion.user.auth.Account;
import io.bastion.user.auth.InvitationMail;
import io.bastion.user.auth.ResetTokens;
import io.bastion.user.auth.RateLimiter;
import io.bastion.user.db.Sql;
import io.bastion.user.error.ApiException;
import io.bastion.user.error.Reason;
import io.bastion.user.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Invitations into an organisation: an OWNER invites an email (the mail carries a single-use link with a random
 * token; only its SHA-256 is stored), may revoke it, and the account with that email accepts it while it lives.
 */
public final class Invitations {

  /** Invitations one account may send in an hour (every user node counts in the same table). */
  static final RateLimiter.Limit PER_ACCOUNT = new RateLimiter.Limit("invitations", 20, Duration.ofHours(1));
  private static final String GONE = "invitation not found or expired";
  private static final Logger LOG = LoggerFactory.getLogger(Invitations.class);

  private final Pool pool;
  private final AssessmentAccess access;
  private final RateLimiter limiter;
  private final InvitationMail mail;
  private final AuditLog audit;
  private final OrganisationSettings settings;

  public Invitations(Pool pool, AssessmentAccess access, RateLimiter limiter, InvitationMail mail, AuditLog audit,
      OrganisationSettings settings) {
    this.pool = pool;
    this.access = access;
    this.limiter = limiter;
    this.mail = mail;
    this.audit = audit;
    this.settings = settings;
  }

  /**
   * Invites an email (OWNER only): replaces a pending invitation of the same email, CONFLICT when it already
   * belongs to a member, RATE_LIMITED beyond {@link #PER_ACCOUNT}. The mail goes out once the invitation is stored.
   */
  public Future<Invitation> invite(Actor actor, String organisationId, String rawEmail, Role role) {
    return invite(actor, organisationId, rawEmail, role, Language.DEFAULT);
  }

  /**
   * As {@link #invite(Actor, String, String, Role)}; the mail is in the language of the invitee's account when the
   * address has one that chose a language, else in the inviter's account's, else in {@code requested} (the
   * request's).
   */
  public Future<Invitation> invite(Actor actor, String organisationId, String rawEmail, Role role,
      Language requested) {
    return access.roleIn(actor.accountId(), organisationId).compose(mine -> {
      if (mine != Role.OWNER) {
        throw ApiException.forbidden(Reason.ROLE_NOT_ALLOWED, "only an OWNER of the organisation may invite (your role: "
            + mine + ")", Map.of("role", String.valueOf(mine), "allowed", "OWNER"));
      }
      String email = InvitationMail.address(rawEmail);
      UUID org = UUID.fromString(organisationId);
      return limiter.hit(PER_ACCOUNT, actor.accountId().toString())
          .compose(v -> pool.preparedQuery(Sql.MEMBER_BY_EMAIL).execute(Tuple.of(org, email)))
          .compose(rows -> rows.size() > 0
              ? Future.failedFuture(ApiException.conflict(Reason.ALREADY_MEMBER, email + " is already a member", Map.of()))
              : store(actor, org, email, role, requested));
    });
  }

  private Future<Invitation> store(Actor actor, UUID org, String email, Role role, Language requested) {
    String token = ResetTokens.newToken();
    UUID id = UUID.randomUUID();
    return pool.withTransaction(conn -> {
      Future<RowSet<Row>> stored = conn.preparedQuery(Sql.INSERT_INVITATION).execute(Tuple.of(id, org, email,
          role.name(), hash(token), actor.accountId(), settings.invitationHours()));
      Future<RowSet<Row>> organisation = conn.preparedQuery(Sql.ORGANISATION_OF).execute(Tuple.of(org,
          actor.accountId()));
      // The target is the invitation's id: the email stays out of the (unerasable) audit trail.
      Future<Void> audited = audit.record(conn, new AuditEvent(AuditKind.INVITATION_SENT, actor.accountId(),
          actor.email(), actor.address(), org, id.toString(), new JsonObject().put("role", role.name())));
      Future<RowSet<Row>> languages = conn.preparedQuery(Sql.INVITATION_LANGUAGES).execute(Tuple.of(email,
          actor.accountId()));
      return Future.all(stored, organisation, audited, languages).map(v -> new Stored(
          Invitation.of(stored.result().iterator().next()), organisation.result().iterator().next().getString("name"),
          mailLanguage(languages.result().iterator().next(), requested)));
    }).compose(s -> mail.send(s.language(), email, s.organisationName(), actor.email(), role.name(), token,
        settings.invitationHours()).map(s.invitation()).recover(e -> {
          // The mail server is the dependency that failed: the OWNER may simply invite again (it replaces this).
          LOG.warn("invitation {} stored but its mail could not be sent: {}", id, e.toString());
          return Future.failedFuture(ApiException.unavailable());
        }));
  }

  private record Stored(Invitation invitation, String organisationName, Language language) {
  }

  /** The invitee's account's language, else the inviter's, else the request's. */
  private static Language mailLanguage(Row languages, Language requested) {
    Language invitee = Account.stored(languages.getString("invitee"));
    Language inviter = Account.stored(languages.getString("inviter"));
    return invitee != null ? invitee : inviter != null ? inviter : requested;
  }

  /** Withdraws a pending invitation (OWNER only); false when there is no such pending invitation. */
  public Future<Boolean> revoke(Actor actor, String organisationId, String invitationId) {
    return access.roleIn(actor.accountId(), organisationId).compose(mine -> {
      if (mine != Role.OWNER) {
        throw ApiException.forbidden(Reason.ROLE_NOT_ALLOWED, "only an OWNER of the organisation may revoke "
            + "invitations (your role: " + mine + ")", Map.of("role", String.valueOf(mine), "allowed", "OWNER"));
      }
      UUID id = AssessmentAccess.parse(invitationId);
      if (id == null) {
        return Future.succeededFuture(false);
      }
      UUID org = UUID.fromString(organisationId);
      return pool.withTransaction(conn -> conn.preparedQuery(Sql.REVOKE_INVITATION).execute(Tuple.of(id, org))
          .compose(rows -> rows.rowCount() == 0 ? Future.succeededFuture(false)
              : audit.record(conn, new AuditEvent(AuditKind.INVITATION_REVOKED, actor.accountId(), actor.email(),
                  actor.address(), org, id.toString(), null)).map(true)));
    });
  }

  /**
   * Joins the invitation's organisation: the caller's email must be the invited one (FORBIDDEN otherwise, and the
   * invitation stays usable); used, expired, revoked or unknown tokens are NOT_FOUND. A member already keeps the
   * role they have; the invitation is used up either way.
   */
  public Future<Organisation> accept(Actor actor, String token) {
    if (token == null || token.length() != 43) {
      return Future.failedFuture(gone());
    }
    return pool.withTransaction(conn -> conn.preparedQuery(Sql.LIVE_INVITATION).execute(Tuple.of(hash(token)))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(gone());
          }
          Row invitation = rows.iterator().next();
          if (!invitation.getString("email").toLowerCase(Locale.ROOT)
              .equals(actor.email().toLowerCase(Locale.ROOT))) {
            return Future.failedFuture(ApiException.forbidden(Reason.INVITATION_OTHER_EMAIL,
                "this invitation is for another email address: sign in with the invited one"));
          }
          UUID org = invitation.getUUID("organisation_id");
          UUID id = invitation.getUUID("id");
          Future<?> joined = conn.preparedQuery(Sql.JOIN_ORGANISATION)
              .execute(Tuple.of(org, actor.accountId(), invitation.getString("role")));
          Future<?> used = conn.preparedQuery(Sql.USE_INVITATION).execute(Tuple.of(id, actor.accountId()));
          Future<Void> audited = audit.record(conn, new AuditEvent(AuditKind.INVITATION_ACCEPTED, actor.accountId(),
              actor.email(), actor.address(), org, id.toString(),
              new JsonObject().put("role", invitation.getString("role"))));
          Future<RowSet<Row>> organisation = conn.preparedQuery(Sql.ORGANISATION_OF)
              .execute(Tuple.of(org, actor.accountId()));
          return Future.all(joined, used, audited, organisation)
              .map(v -> Organisation.of(organisation.result().iterator().next()));
        }));
  }

  private static ApiException gone() {
    return new ApiException(ErrorCode.NOT_FOUND, GONE);
  }

  static Buffer hash(String token) {
    return Buffer.buffer(ResetTokens.digest(token));
  }
}
