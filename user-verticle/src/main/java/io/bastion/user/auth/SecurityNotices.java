package io.bastion.user.auth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the account's owner should hear about: a passkey added, the second factor turned on or off. The mailer is
 * wired in by whoever builds the node; {@link #LOG_ONLY} writes the events to the log at INFO.
 */
public interface SecurityNotices {

  void passkeyAdded(Account account, String label);

  void passkeyRemoved(Account account);

  void secondFactorEnabled(Account account);

  void secondFactorDisabled(Account account);

  SecurityNotices LOG_ONLY = new SecurityNotices() {
    private final Logger log = LoggerFactory.getLogger(SecurityNotices.class);

    @Override
    public void passkeyAdded(Account account, String label) {
      log.info("security notice: account {} added a passkey", account.id());
    }

    @Override
    public void passkeyRemoved(Account account) {
      log.info("security notice: account {} removed a passkey", account.id());
    }

    @Override
    public void secondFactorEnabled(Account account) {
      log.info("security notice: account {} turned two-step verification on", account.id());
    }

    @Override
    public void secondFactorDisabled(Account account) {
      log.info("security notice: account {} turned two-step verification off", account.id());
    }
  };
}
