package io.bastion.user.organisation;

/**
 * A member's role in an organisation, strongest first. The account itself is the OWNER of its personal space.
 */
public enum Role {
  /** Everything: answers, members, sign-offs, deletions, the audit log. */
  OWNER,
  /** Answers, comments, starts assessments. */
  EDITOR,
  /** Reads everything, changes nothing: the auditor. */
  VIEWER;

  /** Whether this role may do what {@code needed} may. */
  public boolean atLeast(Role needed) {
    return ordinal() <= needed.ordinal();
  }

  /** The role named {@code name} (as the API and the database spell it), or INVALID_INPUT. */
  public static Role parse(String name) {
    for (Role r : values()) {
      if (r.name().equals(name)) {
        return r;
      }
    }
    throw io.bastion.user.error.ApiException.invalid(io.bastion.user.error.Reason.UNKNOWN_ROLE,
        "unknown role '" + name + "' (OWNER, EDITOR or VIEWER)");
  }
}
