package io.bastion.user.testing;

import io.bastion.codecs.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/**
 * Organisations and memberships written straight into the test database (the live feed's tests need a team, not
 * the organisation API), and the ACCESS_CHANGED announcement a membership change makes.
 */
public final class TeamRows implements AutoCloseable {

  private final Vertx vertx;
  private final Pool pool;

  public TeamRows(Vertx vertx) {
    this.vertx = vertx;
    this.pool = TestDatabase.pool(vertx);
  }

  /** A new organisation (named after its id) and its id. */
  public UUID organisation() {
    UUID id = UUID.randomUUID();
    Fixtures.await(pool.preparedQuery("INSERT INTO organisations (id, name) VALUES ($1, $2)")
        .execute(Tuple.of(id, "team " + id)));
    return id;
  }

  public void member(UUID organisation, String accountId, String role) {
    Fixtures.await(pool.preparedQuery("INSERT INTO memberships (organisation_id, account_id, role) VALUES ($1, $2, $3)")
        .execute(Tuple.of(organisation, UUID.fromString(accountId), role)));
  }

  /** Moves an assessment (started in someone's personal space) into the organisation. */
  public void assessmentOf(UUID organisation, String assessmentId) {
    Fixtures.await(pool.preparedQuery("UPDATE assessments SET organisation_id = $1 WHERE id = $2")
        .execute(Tuple.of(organisation, UUID.fromString(assessmentId))));
  }

  /** Deletes the membership row only (nothing is announced: see {@link #announce}). */
  public void remove(UUID organisation, String accountId) {
    Fixtures.await(pool.preparedQuery("DELETE FROM memberships WHERE organisation_id = $1 AND account_id = $2")
        .execute(Tuple.of(organisation, UUID.fromString(accountId))));
  }

  /** Deletes an assessment row (its answers and reports go with it) and announces it, as deleteAssessment does. */
  public void deleteAssessment(String assessmentId) {
    Fixtures.await(pool.preparedQuery("DELETE FROM assessments WHERE id = $1")
        .execute(Tuple.of(UUID.fromString(assessmentId))));
    vertx.eventBus().publish(Addresses.ACCESS_CHANGED, new JsonObject().put("assessmentId", assessmentId));
  }

  /** What the organisation API publishes after a role change or a removal. */
  public void announce(UUID organisation, String accountId) {
    vertx.eventBus().publish(Addresses.ACCESS_CHANGED,
        new JsonObject().put("organisationId", organisation.toString()).put("accountId", accountId));
  }

  @Override
  public void close() {
    pool.close();
  }
}
