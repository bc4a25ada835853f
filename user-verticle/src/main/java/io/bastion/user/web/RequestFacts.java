package io.bastion.user.web;

import io.vertx.ext.web.RoutingContext;

/**
 * What {@link WebServer} learnt about a request and puts in its routing context for the API: the client's address
 * ({@link ClientAddress}) and whether cookies must be {@code Secure} (the public URL is https, also when a proxy
 * terminates TLS and the node itself speaks plain HTTP).
 */
public final class RequestFacts {

  static final String CLIENT_ADDRESS = "bastion.client-address";
  static final String SECURE_COOKIES = "bastion.secure-cookies";

  private RequestFacts() {
  }

  /** The client's address for rate limits; the TCP peer when the web server did not say. */
  public static String clientAddress(RoutingContext rc) {
    String address = rc.get(CLIENT_ADDRESS);
    if (address != null) {
      return address;
    }
    if (rc.request().remoteAddress() == null) {
      return "unknown";
    }
    String ip = rc.request().remoteAddress().hostAddress();
    return ip == null ? rc.request().remoteAddress().host() : ip;
  }

  public static boolean secureCookies(RoutingContext rc) {
    return rc.request().isSSL() || Boolean.TRUE.equals(rc.get(SECURE_COOKIES));
  }
}
