package io.bastion.node.mesh;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Whether a PostgreSQL server accepts connections, asked the way {@code pg_isready} asks: open a connection, send a
 * startup message, and read the first answer. A request for a password (or any refusal but "starting up", "shutting
 * down" or "in recovery") means the server is up and forks backends; no password is needed for that. The starter
 * uses it, rather than only the database process's ready line, to know the database is ready.
 */
public final class PostgresProbe {

  /** SQLSTATE 57P03: cannot connect now (the server starts, stops, or recovers from a crash). */
  private static final String CANNOT_CONNECT_NOW = "57P03";
  private static final int PROTOCOL_3 = 196_608;

  private PostgresProbe() {
  }

  /** True when the server at {@code host:port} answers a startup message with anything but "cannot connect now". */
  public static boolean accepting(String host, int port, Duration timeout) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
      socket.setSoTimeout((int) timeout.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(startupMessage("bastion_probe", "postgres"));
      out.flush();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      int type = in.read();
      if (type == 'R') {
        return true; // authentication requested: the server runs and takes connections
      }
      if (type != 'E') {
        return false;
      }
      byte[] body = new byte[Math.max(0, Math.min(in.readInt() - 4, 8192))];
      in.readFully(body);
      return !CANNOT_CONNECT_NOW.equals(sqlState(body));
    } catch (IOException e) {
      return false; // nothing listens, or it hung up
    }
  }

  private static byte[] startupMessage(String user, String database) {
    byte[] params = ("user\0" + user + "\0database\0" + database + "\0\0").getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(8 + params.length).putInt(8 + params.length).putInt(PROTOCOL_3).put(params).array();
  }

  /** The 'C' field of an ErrorResponse body (fields: a type byte, then a NUL-terminated string). */
  private static String sqlState(byte[] body) {
    int i = 0;
    while (i < body.length && body[i] != 0) {
      byte field = body[i++];
      int end = i;
      while (end < body.length && body[end] != 0) {
        end++;
      }
      if (field == 'C') {
        return new String(body, i, end - i, StandardCharsets.US_ASCII);
      }
      i = end + 1;
    }
    return "";
  }
}
