package io.bastion.mesh;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One HTTP/1.1 request over a plain socket, for what an HTTP client library will not send: exactly the headers
 * given (a forged Host, no Origin), from a chosen loopback address (127.x.y.z, so that rate limits see another
 * client). Returns the whole response, status line and headers included.
 */
final class RawHttp {

  private RawHttp() {
  }

  static String exchange(String fromAddress, int port, String method, String path, Map<String, String> headers,
      String body) throws Exception {
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress(InetAddress.getByName(fromAddress), 0));
      s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      s.setSoTimeout(30_000);
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      StringBuilder req = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
      if (!headers.containsKey("Host")) {
        req.append("Host: 127.0.0.1:").append(port).append("\r\n");
      }
      req.append("Connection: close\r\n");
      if (!body.isEmpty()) {
        req.append("Content-Type: application/json\r\nContent-Length: ").append(bytes.length).append("\r\n");
      }
      headers.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
      req.append("\r\n");
      OutputStream out = s.getOutputStream();
      out.write(req.toString().getBytes(StandardCharsets.UTF_8));
      out.write(bytes);
      out.flush();
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
