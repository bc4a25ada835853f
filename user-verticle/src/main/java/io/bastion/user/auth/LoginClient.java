package io.bastion.user.auth;

/**
 * Who is logging in: the client's address, its User-Agent and the device cookie it sent (each may be null, e.g. over
 * the WebSocket or from an API client).
 */
public record LoginClient(String address, String userAgent, String deviceCookie) {

  public static LoginClient from(String address) {
    return new LoginClient(address, null, null);
  }
}
