package io.bastion.codecs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * An event of an assessment's live feed ({@code assessments.<id>}), encoded once as JSON text. Why: the SockJS
 * bridge gives every registered socket its own event-bus consumer; with a {@link JsonObject} body the bus deep-copies
 * it for each consumer and the bridge encodes each copy again, so a report to 1,000 viewers was encoded 1,000 times.
 * This body is immutable (no copy per consumer) and is written into the bridge's envelope as it is (a raw JSON value),
 * so the browser still receives an object. Java readers take {@link #read} of the body.
 */
public record JsonText(String json) implements JsonSerializable {

  public JsonText {
    Objects.requireNonNull(json, "json");
  }

  public static JsonText of(JsonObject event) {
    return new JsonText(event.encode());
  }

  /** The body of a feed message as an object: a JsonText parsed, a JsonObject (sent by an older node) as it is. */
  public static JsonObject read(Object body) {
    if (body instanceof JsonText text) {
      return new JsonObject(text.json());
    }
    return (JsonObject) body;
  }

  @Override
  public void serialize(JsonGenerator generator, SerializerProvider provider) throws IOException {
    generator.writeRawValue(json);
  }

  @Override
  public void serializeWithType(JsonGenerator generator, SerializerProvider provider, TypeSerializer type)
      throws IOException {
    serialize(generator, provider);
  }

  @Override
  public String toString() {
    return json;
  }

  /** On the wire: the UTF-8 bytes with their length. Inside one JVM the immutable text is passed as it is. */
  static final class Codec implements MessageCodec<JsonText, JsonText> {

    @Override
    public void encodeToWire(Buffer buffer, JsonText text) {
      byte[] bytes = text.json().getBytes(StandardCharsets.UTF_8);
      buffer.appendInt(bytes.length).appendBytes(bytes);
    }

    /**
     * The text is checked to be one JSON object before it is accepted: it goes into every browser's frame as it is,
     * and what another node sends is not trusted without proof (a text that is not one object could end the bridge's
     * envelope and add fields to it). A bad one fails its delivery here, on the receiving node, once per message.
     */
    @Override
    public JsonText decodeFromWire(int pos, Buffer buffer) {
      int length = buffer.getInt(pos);
      String json = buffer.getString(pos + 4, pos + 4 + length, "UTF-8");
      if (!isOneObject(json)) {
        throw new IllegalArgumentException("bastion.JsonText: not one JSON object");
      }
      return new JsonText(json);
    }

    /** Streams through the text without building it: one object, nothing after it. */
    static boolean isOneObject(String json) {
      try (JsonParser parser = FACTORY.createParser(json)) {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
          return false;
        }
        parser.skipChildren();
        return parser.nextToken() == null;
      } catch (IOException malformed) {
        return false;
      }
    }

    private static final JsonFactory FACTORY = new JsonFactory();

    @Override
    public JsonText transform(JsonText text) {
      return text;
    }

    @Override
    public String name() {
      return "bastion.JsonText";
    }

    @Override
    public byte systemCodecID() {
      return -1;
    }
  }
}
