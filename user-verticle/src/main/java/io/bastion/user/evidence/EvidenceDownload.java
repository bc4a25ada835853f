package io.bastion.user.evidence;

import io.bastion.user.error.HttpRefusal;
import io.bastion.user.auth.Caller;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;

/**
 * GET /evidence/file/{evidenceId}: a file of evidence as a download for anyone who may read its assessment (the web
 * server has authenticated the caller as for the exports). Never rendered: application/octet-stream as an
 * attachment, nosniff, a sandbox CSP, no-store. 401 without a session; 404 for a missing id, a link, or an item of
 * an assessment the caller may not read (the same answer); 503 with Retry-After during a database outage.
 */
public final class EvidenceDownload implements Handler<RoutingContext> {

  private final Evidences evidences;

  public EvidenceDownload(Evidences evidences) {
    this.evidences = evidences;
  }

  @Override
  public void handle(RoutingContext rc) {
    Caller.Authenticated caller;
    try {
      Caller c = rc.get(Caller.ROUTING_CONTEXT_KEY);
      caller = (c == null ? Caller.ANONYMOUS : c).require();
    } catch (RuntimeException e) {
      HttpRefusal.send(rc, e);
      return;
    }
    evidences.download(caller.accountId(), rc.pathParam("evidenceId"))
        .onSuccess(file -> rc.response().setStatusCode(200)
            .putHeader(HttpHeaders.CONTENT_TYPE, "application/octet-stream")
            .putHeader("Content-Disposition", "attachment; filename*=UTF-8''" + encoded(file.name()))
            .putHeader("X-Content-Type-Options", "nosniff")
            .putHeader("Content-Security-Policy", "sandbox")
            .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
            .end(file.content()))
        .onFailure(e -> HttpRefusal.send(rc, e));
  }

  /** RFC 5987 encoding: attr-chars as they are, every other byte of the UTF-8 name as %XX. */
  static String encoded(String name) {
    StringBuilder out = new StringBuilder();
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      if (alnum || "!#$&+-.^_`|~".indexOf(c) >= 0) {
        out.append((char) c);
      } else {
        out.append('%').append(String.format("%02X", c));
      }
    }
    return out.toString();
  }
}
