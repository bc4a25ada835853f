package io.bastion.user.error;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error meant for the client: a clear message and a code; no stack trace ever leaves the server. The services
 * (auth, assessment) throw it and the GraphQL layer (api/ApiErrors) turns it into {@code extensions.code}; it has a
 * package of its own so that neither side depends on the other.
 */
public final class ApiException extends RuntimeException {

  private final ErrorCode code;
  private final Map<String, Object> extensions;

  public ApiException(ErrorCode code, String message) {
    this(code, message, Map.of());
  }

  public ApiException(ErrorCode code, String message, Map<String, Object> more) {
    super(message, null, false, false);
    this.code = code;
    Map<String, Object> ext = new LinkedHashMap<>(more);
    ext.put("code", code.name());
    this.extensions = Map.copyOf(ext);
  }

  public ErrorCode code() {
    return code;
  }

  public Map<String, Object> extensions() {
    return extensions;
  }

  public static ApiException notFound(String what, Object id) {
    return new ApiException(ErrorCode.NOT_FOUND, what + " " + id + " not found");
  }

  public static ApiException forbidden(String message) {
    return new ApiException(ErrorCode.FORBIDDEN, message);
  }

  public static ApiException conflict(String message, Map<String, Object> extensions) {
    return new ApiException(ErrorCode.CONFLICT, message, extensions);
  }

  public static ApiException invalid(String message) {
    return new ApiException(ErrorCode.INVALID_INPUT, message);
  }

  public static ApiException unauthenticated(String message) {
    return new ApiException(ErrorCode.UNAUTHENTICATED, message);
  }

  /** The database (or another service the request needs) is unreachable: retryable, the session is kept. */
  public static ApiException unavailable() {
    return new ApiException(ErrorCode.UNAVAILABLE, UNAVAILABLE_MESSAGE, Map.of("retryable", true));
  }

  /** Something failed on our side (a bug, not an outage): details are in the server log only. */
  public static ApiException internal() {
    return new ApiException(ErrorCode.INTERNAL, INTERNAL_MESSAGE);
  }

  public static final String INTERNAL_MESSAGE = "internal error";

  public static final String UNAVAILABLE_MESSAGE = "the service is unavailable: try again in a moment";
}
