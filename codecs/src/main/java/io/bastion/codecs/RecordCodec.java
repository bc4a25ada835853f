package io.bastion.codecs;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Wire codec for one contract record: a header (magic number, contract version) then the record in its binary
 * format ({@link MessageFormats}; it was JSON until contract version 2, which cost the security node a quarter of
 * its CPU). A message
 * written by a node with another contract version is refused with a {@link CodecMismatchException} instead of being
 * misread; inside one JVM the immutable record is passed as is.
 */
final class RecordCodec<T> implements MessageCodec<T, T> {

  static final int MAGIC = 0x42535431; // "BST1"

  private final MessageFormats.Format<T> format;
  private final String name;

  @SuppressWarnings("unchecked")
  RecordCodec(Class<T> type) {
    if (type == AnswerEvent.class) {
      this.format = (MessageFormats.Format<T>) MessageFormats.ANSWER_EVENT;
    } else if (type == ReportEvent.class) {
      this.format = (MessageFormats.Format<T>) MessageFormats.REPORT_EVENT;
    } else {
      throw new IllegalArgumentException(type + " is not a message of the contract");
    }
    this.name = "bastion." + type.getSimpleName() + ".v" + Codecs.CONTRACT_VERSION;
  }

  @Override
  public void encodeToWire(Buffer buffer, T value) {
    buffer.appendInt(MAGIC).appendInt(Codecs.CONTRACT_VERSION);
    format.write(new Wire.Writer(buffer), value);
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
    try {
      return format.read(new Wire.Reader(buffer, pos + 8));
    } catch (IndexOutOfBoundsException e) {
      throw new IllegalArgumentException(name + ": truncated message", e);
    }
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
