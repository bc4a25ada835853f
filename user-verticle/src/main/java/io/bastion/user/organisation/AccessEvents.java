package io.bastion.user.organisation;

import io.bastion.codecs.Addresses;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * Tells every user node that someone's access changed ({@link Addresses#ACCESS_CHANGED}), after the change
 * committed: each node then re-checks its live sockets and subscriptions that match and closes those no longer
 * allowed.
 */
public final class AccessEvents {

  private final EventBus bus;

  public AccessEvents(EventBus bus) {
    this.bus = bus;
  }

  /** A member's role changed, or they left or were removed. */
  public void memberChanged(UUID organisationId, UUID accountId) {
    bus.publish(Addresses.ACCESS_CHANGED, new JsonObject()
        .put("organisationId", organisationId.toString()).put("accountId", accountId.toString()));
  }

  /** An assessment is gone: nobody may follow it any more. */
  public void assessmentDeleted(UUID assessmentId) {
    bus.publish(Addresses.ACCESS_CHANGED, new JsonObject().put("assessmentId", assessmentId.toString()));
  }
}
