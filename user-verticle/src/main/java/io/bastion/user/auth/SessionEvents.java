package io.bastion.user.auth;

import io.bastion.codecs.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/** Announces ended sessions to every user node, which then closes the live sockets those sessions hold. */
public final class SessionEvents {

  private SessionEvents() {
  }

  /** One session ended (log out). */
  public static void endedOne(Vertx vertx, UUID accountId, UUID session) {
    vertx.eventBus().publish(Addresses.SESSIONS_ENDED,
        new JsonObject().put("accountId", accountId.toString()).put("session", session.toString()));
  }

  /** The sessions of an account ended, all but {@code keep} (may be null). */
  public static void ended(Vertx vertx, UUID accountId, UUID keep) {
    JsonObject body = new JsonObject().put("accountId", accountId.toString());
    if (keep != null) {
      body.put("except", keep.toString());
    }
    vertx.eventBus().publish(Addresses.SESSIONS_ENDED, body);
  }
}
