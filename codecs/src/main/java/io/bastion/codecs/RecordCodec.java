package io.bastion.codecs;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Wire codec for one contract record: a header (magic number, contract version) then the record as JSON. A message
 * written by a node with another contract version is refused with a {@link CodecMismatchException} instead of being
 * misread; inside one JVM the immutable record is passed as is.
 */
final class RecordCodec<T> implements MessageCodec<T, T> {

  static final int MAGIC = 0x42535431; // "BST1"

  private final Class<T> type;
  private final String name;

  RecordCodec(Class<T> type) {
    this.type = type;
    this.name = "bastion." + type.getSimpleName() + ".v" + Codecs.CONTRACT_VERSION;
  }

  @Override
  public void encodeToWire(Buffer buffer, T value) {
    byte[] json = Json.toBytes(value);
    buffer.appendInt(MAGIC).appendInt(Codecs.CONTRACT_VERSION).appendInt(json.length).appendBytes(json);
  }

  @Override
  public T decodeFromWire(int pos, Buffer buffer) {
    int magic = buffer.getInt(pos);
    if (magic != MAGIC) {
      throw new CodecMismatchException(name + ": not a Bastion message (magic " + Integer.toHexString(magic) + ")");
    }
    int version = buffer.getInt(pos + 4);
    if (version != Codecs.CONTRACT_VERSION) {
      throw new CodecMismatchException(name + ": message of contract version " + version + ", this node speaks "
          + Codecs.CONTRACT_VERSION);
    }
    int length = buffer.getInt(pos + 8);
    return Json.fromBytes(buffer.getBytes(pos + 12, pos + 12 + length), type);
  }

  @Override
  public T transform(T value) {
    return value;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
