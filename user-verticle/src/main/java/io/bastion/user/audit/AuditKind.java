package io.bastion.user.audit;

/** Every kind of audit entry; the API shows the name in lower case with dashes (LOG_IN_FAILED: log-in-failed). */
public enum AuditKind {
  SIGN_UP,
  LOG_IN,
  LOG_IN_FAILED,
  LOG_OUT,
  SESSION_ENDED,
  PASSWORD_CHANGED,
  PASSWORD_RESET,
  SECOND_FACTOR_CHANGED,
  PASSKEY_CHANGED,
  ACCOUNT_DELETED,
  ORGANISATION_CREATED,
  INVITATION_SENT,
  INVITATION_ACCEPTED,
  INVITATION_REVOKED,
  ROLE_CHANGED,
  MEMBER_REMOVED,
  MEMBER_LEFT,
  ASSESSMENT_STARTED,
  ASSESSMENT_DELETED,
  ANSWER,
  SIGN_OFF,
  TARGET_SET,
  ACTION_CREATED,
  ACTION_CHANGED,
  EXPORT,
  EVIDENCE_ADDED,
  EVIDENCE_REMOVED;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
