package io.bastion.user.audit;

/**
 * What verifying a chain found: intact, or the id of the first entry that does not follow from the one before it
 * (its own fields changed, or an entry before it removed or moved), with how many entries were checked.
 */
public record AuditVerification(boolean intact, int checked, String brokenAt) {

  static AuditVerification intact(int checked) {
    return new AuditVerification(true, checked, null);
  }

  static AuditVerification brokenAt(long id, int checked) {
    return new AuditVerification(false, checked, Long.toString(id));
  }
}
