package io.bastion.user.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A session check that fails for a reason other than an outage (here a column the query needs is gone, as a bug
 * or a bad migration would leave it) is INTERNAL: neither a refusal that logs the user out nor an UNAVAILABLE that
 * has the client wait for a database that is up. On a database of its own, which the test breaks.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionCheckFailureTest {

  private AuthFixture auth;

  @BeforeAll
  void start(Vertx vertx) throws Exception {
    auth = AuthFixture.start(vertx, "session_check_failure_test");
  }

  @AfterAll
  void stop() throws Exception {
    auth.close();
  }

  @Test
  void aFailureThatIsNotAnOutageIsInternal() {
    Session session = auth.signUp("broken@example.com", "10.2.0.1");
    auth.authenticated(session.token());
    auth.update("ALTER TABLE sessions RENAME COLUMN last_used_at TO last_used_at_gone");

    Caller caller = auth.authenticate(session.token());
    assertThat(caller).as("a session check that fails on our side").isInstanceOf(Caller.Failed.class);
    assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(io.bastion.user.error.ApiException.class,
        caller::require).code()).isEqualTo(io.bastion.user.error.ErrorCode.INTERNAL);
  }
}
