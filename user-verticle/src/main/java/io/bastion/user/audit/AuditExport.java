package io.bastion.user.audit;

import io.bastion.user.auth.Caller;
import io.bastion.user.error.ApiException;
import io.bastion.user.error.HttpRefusal;
import io.bastion.user.organisation.AssessmentAccess;
import io.bastion.user.web.RequestFacts;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GET /audit-log.jsonl?organisationId=<id>: a chain of the audit log as JSON lines (one entry per line, oldest
 * first, the API's fields plus each entry's hash), streamed a page at a time. The same rules as the API's auditLog
 * (OWNER of the organisation; without organisationId the caller's own chain); the export is itself audited (EXPORT,
 * recorded before the chain is read, so the file ends with it). Errors are JSON with a 4xx status (503 in an
 * outage). The web server has put the caller in the routing context.
 */
public final class AuditExport implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(AuditExport.class);

  private final AuditLog audit;
  private final AuditReader reader;
  private final AuditChains chains;

  public AuditExport(AuditLog audit, AuditReader reader, AuditChains chains) {
    this.audit = audit;
    this.reader = reader;
    this.chains = chains;
  }

  @Override
  public void handle(RoutingContext rc) {
    Caller.Authenticated caller;
    try {
      Caller c = rc.get(Caller.ROUTING_CONTEXT_KEY);
      caller = (c == null ? Caller.ANONYMOUS : c).require();
    } catch (ApiException e) {
      refuse(rc, e);
      return;
    }
    String organisationId = rc.queryParams().get("organisationId");
    if (organisationId != null && organisationId.isEmpty()) {
      organisationId = null;
    }
    String org = organisationId;
    chains.readable(caller.accountId(), org)
        .compose(chain -> audit.record(new AuditEvent(AuditKind.EXPORT, caller.accountId(), caller.account().email(),
            RequestFacts.clientAddress(rc), org == null ? null : AssessmentAccess.parse(org), chain,
            new JsonObject().put("format", "jsonl"))).map(chain))
        .onSuccess(chain -> stream(rc, chain))
        .onFailure(e -> refuse(rc, e));
  }

  private void stream(RoutingContext rc, String chain) {
    HttpServerResponse response = rc.response()
        .setChunked(true)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/x-ndjson; charset=utf-8")
        .putHeader("Content-Disposition", "attachment; filename=\"" + fileName(chain) + "\"")
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    reader.each(chain, page -> write(response, page))
        .onSuccess(v -> response.end())
        .onFailure(e -> {
          // The status is gone already: cut the download short, so that it cannot pass for a whole chain.
          LOG.warn("audit export of {} cut short: {}", chain, e.toString());
          response.reset();
        });
  }

  /** One page, as lines; waits until the connection has taken it (a slow reader slows the walk). */
  private static Future<Void> write(HttpServerResponse response, List<AuditEntry> page) {
    Buffer lines = Buffer.buffer();
    for (AuditEntry e : page) {
      lines.appendString(e.toJson().encode()).appendByte((byte) '\n');
    }
    return response.write(lines);
  }

  private static String fileName(String chain) {
    return "audit-log-" + chain.replace(':', '-') + ".jsonl";
  }

  private static void refuse(RoutingContext rc, Throwable e) {
    HttpRefusal.send(rc, e, LOG);
  }

}
