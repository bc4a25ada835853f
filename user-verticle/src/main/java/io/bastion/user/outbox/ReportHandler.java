package io.bastion.user.outbox;

import io.bastion.codecs.ReportEvent;
import io.vertx.core.Future;

/**
 * Where the relay hands each report a security node replied with. The relay considers an outbox row done only once
 * the returned future succeeds; a failure puts the row back, to be sent again after a backoff. The user verticle
 * wires the report sink here.
 */
@FunctionalInterface
public interface ReportHandler {

  /**
   * @param basis the answers the report was computed from, as {@link io.bastion.codecs.Basis} text
   * @return true when this call kept the report, false when there was nothing to keep (a duplicate delivery, or an
   *     assessment deleted meanwhile)
   */
  Future<Boolean> handle(ReportEvent report, String basis);
}
