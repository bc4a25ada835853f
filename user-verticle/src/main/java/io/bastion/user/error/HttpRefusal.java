package io.bastion.user.error;

import io.bastion.user.db.Outages;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The refusal of an HTTP route outside GraphQL (downloads, exports, evidence uploads): JSON {error, status, code}
 * with the status an {@link ApiException} stands for, or one of its own for what the API's codes do not name (413,
 * 415); a database outage is 503 UNAVAILABLE with Retry-After, anything else a 500 with the details in the log
 * only. Never cached.
 */
public final class HttpRefusal extends RuntimeException {

  /** How long a client waits before it asks again after a 503. */
  public static final int RETRY_AFTER_SECONDS = 5;
  private static final Logger LOG = LoggerFactory.getLogger(HttpRefusal.class);

  private final int status;
  private final String code;

  /** A refusal the API's error codes do not name: 413 TOO_LARGE, 415 UNSUPPORTED_MEDIA_TYPE. */
  public HttpRefusal(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  public static void send(RoutingContext rc, Throwable e) {
    send(rc, e, LOG);
  }

  /** Answers {@code rc} with the refusal of {@code e}; nothing when a response already ended. */
  public static void send(RoutingContext rc, Throwable e, Logger log) {
    int status;
    String code;
    String message;
    if (e instanceof HttpRefusal r) {
      status = r.status;
      code = r.code;
      message = r.getMessage();
    } else if (e instanceof ApiException api) {
      code = api.code().name();
      message = api.getMessage();
      status = switch (api.code()) {
        case UNAUTHENTICATED -> 401;
        case FORBIDDEN -> 403;
        case NOT_FOUND -> 404;
        case CONFLICT -> 409;
        case UNAVAILABLE -> 503;
        case INTERNAL -> 500;
        default -> 400;
      };
    } else if (Outages.isOutage(e)) {
      status = 503;
      code = ErrorCode.UNAVAILABLE.name();
      message = ApiException.UNAVAILABLE_MESSAGE;
    } else {
      log.error("{} {} failed", rc.request().method(), rc.request().path(), e);
      status = 500;
      code = ErrorCode.INTERNAL.name();
      message = ApiException.INTERNAL_MESSAGE;
    }
    if (rc.response().ended()) {
      return;
    }
    if (status == 503) {
      rc.response().putHeader(HttpHeaders.RETRY_AFTER, String.valueOf(RETRY_AFTER_SECONDS));
    }
    rc.response().setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(new JsonObject().put("error", message).put("status", status).put("code", code).encode());
  }
}
