package io.bastion.user.evidence;

import io.bastion.user.db.Outages;
import io.bastion.user.error.ApiException;
import io.bastion.user.error.ErrorCode;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A refused evidence request as JSON {error, status, code}, as the exports answer: the API's codes as statuses, a
 * database outage 503 with Retry-After, anything unexpected 500 without details (they go to the log).
 */
final class HttpRefusal extends RuntimeException {

  /** How long a client should wait before asking again during a database outage. */
  static final int RETRY_AFTER_SECONDS = 5;
  private static final Logger LOG = LoggerFactory.getLogger(HttpRefusal.class);

  private final int status;
  private final String code;

  /** A refusal the API's error codes do not name: 413 TOO_LARGE, 415 UNSUPPORTED_MEDIA_TYPE. */
  HttpRefusal(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  static void send(RoutingContext rc, Throwable e) {
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
      LOG.error("{} {} failed", rc.request().method(), rc.request().path(), e);
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
