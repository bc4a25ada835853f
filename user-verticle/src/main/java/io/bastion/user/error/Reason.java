package io.bastion.user.error;

import static io.bastion.user.error.ErrorCode.CONFLICT;
import static io.bastion.user.error.ErrorCode.FORBIDDEN;
import static io.bastion.user.error.ErrorCode.INVALID_INPUT;
import static io.bastion.user.error.ErrorCode.UNAUTHENTICATED;
import static io.bastion.user.error.ErrorCode.WEAK_PASSWORD;

import java.util.List;

/**
 * Why a request was refused, in {@code extensions.reason} next to {@code extensions.code}: stable names a client
 * translates (the page shows {@code error.CODE.REASON} from its bundles, filled with the error's other extensions),
 * so the English message is for people reading logs, not the contract. Each reason belongs to one code and names
 * the extension keys it carries. docs/api.md lists them all (ReasonsTest keeps it so).
 */
public enum Reason {
  // ----------------------------------------------------------------- INVALID_INPUT: text and numbers
  /** A text with the NUL character (PostgreSQL cannot store it). {@code field} when known. */
  NUL_CHARACTER(INVALID_INPUT),
  /** A text longer than allowed. {@code field}, {@code max} (characters). */
  TOO_LONG(INVALID_INPUT, "field", "max"),
  /** A text that must not be empty. {@code field}. */
  EMPTY(INVALID_INPUT, "field"),
  /** A number outside its range. {@code field}, {@code min}, {@code max}. */
  OUT_OF_RANGE(INVALID_INPUT, "field", "min", "max"),
  /** Not an id of the right kind (a UUID, an audit entry's id). {@code field}. */
  MALFORMED_ID(INVALID_INPUT, "field"),
  /** An id that is not an account's. {@code field}. */
  NOT_AN_ACCOUNT_ID(INVALID_INPUT, "field"),
  /** A date not written YYYY-MM-DD (or outside the years allowed). {@code field}. */
  DATE_FORMAT(INVALID_INPUT, "field"),
  /** A date that must be there is missing. {@code field}. */
  DATE_REQUIRED(INVALID_INPUT, "field"),
  /** A time not written as ISO-8601. {@code field}. */
  TIME_FORMAT(INVALID_INPUT, "field"),
  /** An action item's due date not written YYYY-MM-DD (years 1900 to 9999). */
  DUE_DATE_FORMAT(INVALID_INPUT),
  // ----------------------------------------------------------------- INVALID_INPUT: accounts
  /** Not an email address. */
  INVALID_EMAIL(INVALID_INPUT),
  /** A reset link that is unknown, used or expired. */
  RESET_LINK_INVALID(INVALID_INPUT),
  /** setLanguage with a code we do not speak. {@code languages}: the codes we do ("en, de"). */
  UNKNOWN_LANGUAGE(INVALID_INPUT, "languages"),
  /** A one-time code (or recovery code) that is wrong or used. */
  WRONG_CODE(INVALID_INPUT),
  /** startTwoStep while two-step verification is already on. */
  TWO_STEP_ALREADY_ON(INVALID_INPUT),
  /** confirmTwoStep without startTwoStep. */
  TWO_STEP_NOT_STARTED(INVALID_INPUT),
  /** A passkey's name empty or too long. {@code max}. */
  PASSKEY_LABEL(INVALID_INPUT, "max"),
  /** A passkey credential the server cannot read. */
  MALFORMED_CREDENTIAL(INVALID_INPUT),
  /** A passkey ceremony that failed (an unknown, used or expired flow, a credential the server refuses). */
  PASSKEY_NOT_ACCEPTED(INVALID_INPUT),
  /** A role that is not OWNER, EDITOR or VIEWER. */
  UNKNOWN_ROLE(INVALID_INPUT),
  // ----------------------------------------------------------------- INVALID_INPUT: assessments
  /** A question the catalogue does not have. {@code question}. */
  UNKNOWN_QUESTION(INVALID_INPUT, "question"),
  /** A value the question does not allow. {@code question}. */
  VALUE_NOT_ALLOWED(INVALID_INPUT, "question"),
  /** A CSF function the assessment's catalogue does not have. {@code function}. */
  UNKNOWN_FUNCTION(INVALID_INPUT, "function"),
  /** A target outside 0 to 100. {@code min}, {@code max}. */
  TARGET_RANGE(INVALID_INPUT, "min", "max"),
  /** An action item's status that is not one of the allowed. {@code allowed}. */
  UNKNOWN_STATUS(INVALID_INPUT, "allowed"),
  /** Accepting a risk without a reason. */
  RISK_REASON_REQUIRED(INVALID_INPUT),
  /** A reason given with a status other than RISK_ACCEPTED. */
  RISK_REASON_NOT_ALLOWED(INVALID_INPUT),
  /** An action item's owner who is not a member of the assessment's organisation. */
  OWNER_NOT_MEMBER(INVALID_INPUT),
  /** Evidence that expires on or before its effective date. */
  EXPIRY_BEFORE_EFFECTIVE(INVALID_INPUT),
  /** An evidence link that is not http or https. */
  URL_NOT_HTTP(INVALID_INPUT),
  /** An evidence upload that is not multipart/form-data with one part named file. */
  UPLOAD_FORM(INVALID_INPUT),
  /** An audit log filter naming a kind of entry there is not. */
  UNKNOWN_KIND(INVALID_INPUT),
  /** A report version that is not one positive whole number. */
  VERSION_FORMAT(INVALID_INPUT),
  // ----------------------------------------------------------------- FORBIDDEN
  /**
   * The caller's role in the organisation may not do this. {@code allowed}: the roles that may ("EDITOR, OWNER");
   * {@code role}: the caller's, when known.
   */
  ROLE_NOT_ALLOWED(FORBIDDEN, "allowed"),
  /** Accepting an invitation made for another email address. */
  INVITATION_OTHER_EMAIL(FORBIDDEN),
  /** Passkeys need the node's public URL to be a domain name, not an IP address. */
  PASSKEYS_UNAVAILABLE(FORBIDDEN),
  /** A subscription over HTTP instead of the WebSocket. */
  SUBSCRIPTION_OVER_HTTP(FORBIDDEN),
  // ----------------------------------------------------------------- CONFLICT
  /** The answer changed since the version the client saw. {@code currentVersion} and the answer now. */
  ANSWER_CHANGED(CONFLICT),
  /** An expectedVersion for a question that has no answer yet. */
  NO_ANSWER_YET(CONFLICT),
  /** The assessment (its access) changed while answering. */
  ASSESSMENT_CHANGED(CONFLICT),
  /** This report version is signed off already. {@code version}. */
  ALREADY_SIGNED_OFF(CONFLICT, "version"),
  /** The action plan is full. {@code max}. */
  PLAN_FULL(CONFLICT, "max"),
  /** The assessment holds as much evidence as allowed. {@code max} (items), {@code maxMiB} (of files). */
  EVIDENCE_FULL(CONFLICT, "max", "maxMiB"),
  /** The email already belongs to a member. */
  ALREADY_MEMBER(CONFLICT),
  /** The change would leave an organisation without an OWNER. */
  LAST_OWNER(CONFLICT),
  /** Deleting the account of the last OWNER of organisations with other members. {@code organisations}. */
  LAST_OWNER_OF(CONFLICT, "organisations"),
  // ----------------------------------------------------------------- UNAUTHENTICATED
  /** The second step of a login expired or had too many wrong codes: log in again with the password. */
  LOGIN_EXPIRED(UNAUTHENTICATED),
  // ----------------------------------------------------------------- WEAK_PASSWORD (auth/PasswordPolicy)
  /** Shorter than the policy allows. {@code min} (characters). */
  PASSWORD_TOO_SHORT(WEAK_PASSWORD, "min"),
  /** Longer than the policy allows. {@code max} (characters). */
  PASSWORD_TOO_LONG(WEAK_PASSWORD, "max"),
  /** One of the most common passwords. */
  PASSWORD_COMMON(WEAK_PASSWORD),
  /** A common password with a few digits or symbols around it. */
  PASSWORD_COMMON_VARIANT(WEAK_PASSWORD),
  /** A repeated character or a keyboard or alphabet sequence. */
  PASSWORD_SEQUENCE(WEAK_PASSWORD),
  /** The account's email address, or its name part. */
  PASSWORD_CONTAINS_EMAIL(WEAK_PASSWORD);

  private final ErrorCode code;
  private final List<String> parameters;

  Reason(ErrorCode code, String... parameters) {
    this.code = code;
    this.parameters = List.of(parameters);
  }

  /** The code this reason goes with. */
  public ErrorCode code() {
    return code;
  }

  /** The extension keys an error with this reason carries besides code and reason. */
  public List<String> parameters() {
    return parameters;
  }

  /** "INVALID_INPUT.TOO_LONG": the key of its text in the page's bundles (under error.). */
  public String key() {
    return code.name() + "." + name();
  }
}
