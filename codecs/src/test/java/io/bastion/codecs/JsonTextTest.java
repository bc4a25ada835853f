package io.bastion.codecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class JsonTextTest {

  private final JsonText.Codec codec = new JsonText.Codec();

  @Test
  void aFeedEventCrossesTheWireAndIsWrittenIntoAnEnvelopeAsAnObject() {
    JsonText event = JsonText.of(new JsonObject().put("type", "answer").put("comment", "\"quoted\" </script>"));
    Buffer wire = Buffer.buffer();
    codec.encodeToWire(wire, event);
    JsonText received = codec.decodeFromWire(0, wire);
    assertThat(received).isEqualTo(event);
    assertThat(codec.transform(received)).as("no copy per consumer").isSameAs(received);
    // What the bridge does with the body: put it in its envelope and encode that.
    JsonObject envelope = new JsonObject(new JsonObject().put("type", "rec").put("body", received).encode());
    assertThat(envelope.getJsonObject("body").getString("comment")).isEqualTo("\"quoted\" </script>");
    assertThat(JsonText.read(received)).isEqualTo(JsonText.read(new JsonObject(event.json())));
  }

  @Test
  void aTextFromAnotherNodeThatIsNotOneObjectIsRefused() {
    for (String bad : new String[] {"{\"a\":1}, \"replyAddress\": \"x\"", "{\"a\":1} {\"b\":2}", "[1,2]", "\"text\"",
        "{\"a\":", "", "{\"a\":1}}"}) {
      Buffer wire = Buffer.buffer();
      codec.encodeToWire(wire, new JsonText(bad));
      assertThatThrownBy(() -> codec.decodeFromWire(0, wire)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
