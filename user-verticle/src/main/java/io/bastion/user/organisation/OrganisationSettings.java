package io.bastion.user.organisation;

import io.bastion.node.Settings;

/**
 * Settings of teams.
 *
 * @param invitationHours {@code organisations.invitation-hours}: how long an invitation's link works
 */
public record OrganisationSettings(int invitationHours) {

  public static OrganisationSettings from(Settings s) {
    return new OrganisationSettings(s.integer("organisations.invitation-hours", 1, 24 * 366));
  }
}
