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

  /**
   * A refusal for {@code reason}: its code, {@code extensions.reason}, and {@code values} (the reason's parameters)
   * as further extensions. The message stays English, for logs and developers.
   */
  public static ApiException of(Reason reason, String message, Map<String, ?> values) {
    Map<String, Object> ext = new LinkedHashMap<>(values);
    ext.put("reason", reason.name());
    return new ApiException(reason.code(), message, ext);
  }

  public static ApiException of(Reason reason, String message) {
    return of(reason, message, Map.of());
  }

  /** INVALID_INPUT for {@code reason} (which must be one of INVALID_INPUT's). */
  public static ApiException invalid(Reason reason, String message, Map<String, ?> values) {
    return checked(ErrorCode.INVALID_INPUT, reason, message, values);
  }

  public static ApiException invalid(Reason reason, String message) {
    return invalid(reason, message, Map.of());
  }

  /** FORBIDDEN for {@code reason} (which must be one of FORBIDDEN's). */
  public static ApiException forbidden(Reason reason, String message, Map<String, ?> values) {
    return checked(ErrorCode.FORBIDDEN, reason, message, values);
  }

  public static ApiException forbidden(Reason reason, String message) {
    return forbidden(reason, message, Map.of());
  }

  /** CONFLICT for {@code reason} (which must be one of CONFLICT's), with what stands now in {@code values}. */
  public static ApiException conflict(Reason reason, String message, Map<String, ?> values) {
    return checked(ErrorCode.CONFLICT, reason, message, values);
  }

  private static ApiException checked(ErrorCode code, Reason reason, String message, Map<String, ?> values) {
    if (reason.code() != code) {
      throw new IllegalArgumentException(reason + " goes with " + reason.code() + ", not " + code);
    }
    return of(reason, message, values);
  }

  /** {@code extensions.reason}, or null for an error without one. */
  public String reason() {
    return (String) extensions.get("reason");
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

  /** Without a reason: only for what the page never meets (a reason is the contract, see {@link Reason}). */
  public static ApiException forbidden(String message) {
    return new ApiException(ErrorCode.FORBIDDEN, message);
  }

  /** Without a reason: only for what the page never meets (a reason is the contract, see {@link Reason}). */
  public static ApiException conflict(String message, Map<String, Object> extensions) {
    return new ApiException(ErrorCode.CONFLICT, message, extensions);
  }

  /** Without a reason: only for what the page never meets (a reason is the contract, see {@link Reason}). */
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
