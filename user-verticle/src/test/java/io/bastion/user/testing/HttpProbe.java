package io.bastion.user.testing;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.concurrent.TimeUnit;

/**
 * Plain HTTP requests with exactly the headers a test names (no Origin, cookie or agent of its own), to look at
 * status, headers and body as a browser or a proxy would. Blocks the test thread until the answer is there.
 */
public final class HttpProbe {

  private final WebClient web;
  private final int port;

  public HttpProbe(Vertx vertx, int port) {
    this(vertx, port, null);
  }

  /** Connecting from {@code localAddress} (another loopback address), when not null. */
  public HttpProbe(Vertx vertx, int port, String localAddress) {
    WebClientOptions options = new WebClientOptions().setKeepAlive(false).setFollowRedirects(false)
        .setUserAgentEnabled(false);
    if (localAddress != null) {
      options.setLocalAddress(localAddress);
    }
    this.web = WebClient.create(vertx, options);
    this.port = port;
  }

  public HttpResponse<Buffer> get(String path, MultiMap headers) {
    return send(HttpMethod.GET, path, headers, null);
  }

  public HttpResponse<Buffer> post(String path, MultiMap headers, String body) {
    return send(HttpMethod.POST, path, headers, body);
  }

  public HttpResponse<Buffer> send(HttpMethod method, String path, MultiMap headers, String body) {
    HttpRequest<Buffer> request = web.request(method, port, "127.0.0.1", path).putHeaders(headers);
    try {
      return (body == null ? request.send() : request.sendBuffer(Buffer.buffer(body))).await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(method + " " + path + " failed: " + e, e);
    }
  }

  public static MultiMap headers(String... namesAndValues) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      headers.add(namesAndValues[i], namesAndValues[i + 1]);
    }
    return headers;
  }
}
