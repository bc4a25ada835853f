package io.bastion.user.auth;

/**
 * What stands around the password check of a log-in (see {@link Accounts#logIn}).
 *
 * @param lockout lock-out by browser, with growing delays
 * @param devices the signed device cookies that tell a known browser
 * @param mails   the owner's security mails (attack under way, log-in from a new browser)
 */
public record LogInGuards(LoginLockout lockout, DeviceCookies devices, SecurityMails mails) {
}
