package io.bastion.codecs;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * The primitives of the binary body of a contract message: fixed-width numbers, length-prefixed UTF-8 strings,
 * nullable values behind a presence byte. Cheaper than JSON both ways and a third of its size: no field names, no
 * number formatting, no parser. The shape itself is fixed by {@link Codecs#CONTRACT_VERSION} (and its fingerprint).
 */
final class Wire {

  private Wire() {
  }

  /** Appends to a buffer. */
  static final class Writer {
    private final Buffer buffer;

    Writer(Buffer buffer) {
      this.buffer = buffer;
    }

    Writer uuid(UUID id) {
      buffer.appendLong(id.getMostSignificantBits()).appendLong(id.getLeastSignificantBits());
      return this;
    }

    Writer longValue(long v) {
      buffer.appendLong(v);
      return this;
    }

    Writer intValue(int v) {
      buffer.appendInt(v);
      return this;
    }

    Writer doubleValue(double v) {
      buffer.appendDouble(v);
      return this;
    }

    Writer bool(boolean v) {
      buffer.appendByte(v ? (byte) 1 : (byte) 0);
      return this;
    }

    Writer nullableDouble(Double v) {
      bool(v != null);
      if (v != null) {
        buffer.appendDouble(v);
      }
      return this;
    }

    /** A string, or null (length -1). */
    Writer string(String s) {
      if (s == null) {
        buffer.appendInt(-1);
      } else {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        buffer.appendInt(bytes.length).appendBytes(bytes);
      }
      return this;
    }

    Writer instant(Instant t) {
      bool(t != null);
      if (t != null) {
        buffer.appendLong(t.getEpochSecond()).appendInt(t.getNano());
      }
      return this;
    }

    /** An enum constant by ordinal (the fingerprint covers the constants), or null (-1). */
    Writer constant(Enum<?> e) {
      buffer.appendByte(e == null ? (byte) -1 : (byte) e.ordinal());
      return this;
    }
  }

  /** Reads a buffer from a position on. */
  static final class Reader {
    private final Buffer buffer;
    private int pos;

    Reader(Buffer buffer, int pos) {
      this.buffer = buffer;
      this.pos = pos;
    }

    UUID uuid() {
      long high = buffer.getLong(pos);
      long low = buffer.getLong(pos + 8);
      pos += 16;
      return new UUID(high, low);
    }

    long longValue() {
      long v = buffer.getLong(pos);
      pos += 8;
      return v;
    }

    int intValue() {
      int v = buffer.getInt(pos);
      pos += 4;
      return v;
    }

    double doubleValue() {
      double v = buffer.getDouble(pos);
      pos += 8;
      return v;
    }

    boolean bool() {
      return buffer.getByte(pos++) != 0;
    }

    Double nullableDouble() {
      return bool() ? doubleValue() : null;
    }

    String string() {
      int length = intValue();
      if (length < 0) {
        return null;
      }
      String s = buffer.getString(pos, pos + length, "UTF-8");
      pos += length;
      return s;
    }

    Instant instant() {
      if (!bool()) {
        return null;
      }
      long seconds = longValue();
      return Instant.ofEpochSecond(seconds, intValue());
    }

    <E extends Enum<E>> E constant(E[] values) {
      byte ordinal = buffer.getByte(pos++);
      return ordinal < 0 ? null : values[ordinal];
    }

    /** A count of items to come, checked against what is left so that a corrupt one cannot allocate wildly. */
    int count() {
      int n = intValue();
      if (n < 0 || n > buffer.length() - pos) {
        throw new IllegalArgumentException("corrupt message: " + n + " items announced at byte " + pos);
      }
      return n;
    }
  }
}
