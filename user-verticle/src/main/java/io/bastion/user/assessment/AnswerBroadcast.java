package io.bastion.user.assessment;

import io.bastion.codecs.Addresses;
import io.bastion.codecs.JsonText;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * Publishes a committed answer that changed something on the assessment's live feed, {@code assessments.<id>},
 * across the cluster: the bridge pushes it to every member's page that has the assessment open, the GraphQL
 * subscription assessmentChanged to theirs. Only after commit, so nobody sees an answer that may still roll back.
 */
public final class AnswerBroadcast {

  private final EventBus bus;

  public AnswerBroadcast(EventBus bus) {
    this.bus = bus;
  }

  public void publish(UUID assessmentId, AnswerChange change) {
    JsonObject event = new JsonObject().put("type", "answer").put("assessmentId", assessmentId.toString())
        .mergeIn(change.toJson());
    bus.publish(Addresses.assessment(assessmentId), JsonText.of(event));
  }
}
