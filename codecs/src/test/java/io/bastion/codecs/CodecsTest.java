package io.bastion.codecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bastion.catalogue.Effort;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.shareddata.AsyncMap;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CodecsTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void answerEventSurvivesTheWire() {
    for (AnswerEvent event : new AnswerEvent[] {Samples.answerEvent(true), Samples.answerEvent(false)}) {
      assertThat(roundTrip(new RecordCodec<>(AnswerEvent.class), event)).isEqualTo(event);
    }
  }

  @Test
  void reportEventSurvivesTheWire() {
    ReportEvent report = Samples.reportEvent();
    assertThat(roundTrip(new RecordCodec<>(ReportEvent.class), report)).isEqualTo(report);
  }

  @Test
  void nullsAndEmptyListsSurviveTheWire() {
    ReportEvent full = Samples.reportEvent();
    Finding unanswered = new Finding(2, "de-a", "DE", null, 0, 3, 3, Effort.PROJECT, null);
    ReportEvent sparse = new ReportEvent(full.eventId(), full.accountId(), full.assessmentId(), 1, "c", "1", "f", 0,
        1, null, true, 0, 0, 1.0, List.of(), List.of(unanswered), List.of(), null, null, null);
    assertThat(roundTrip(new RecordCodec<>(ReportEvent.class), sparse)).isEqualTo(sparse);
    Delta withNulls = new Delta(1, 0, 0, List.of(), List.of(new QuestionChange("q", null, "yes", 0, 1)),
        List.of(new QuestionChange("r", "yes", null, 1, 0)));
    ReportEvent withDelta = new ReportEvent(full.eventId(), full.accountId(), full.assessmentId(), 2, "c", "1", "f",
        0, 1, "t", false, 0, 0, 0, List.of(), List.of(), List.of(), withNulls, "s", full.computedAt());
    assertThat(roundTrip(new RecordCodec<>(ReportEvent.class), withDelta)).isEqualTo(withDelta);
    AnswerEvent none = new AnswerEvent(full.eventId(), full.accountId(), full.assessmentId(), 1, AnswerState.NEW,
        null, null, null, "c", "1", List.of(), new Baseline(0, List.of()));
    assertThat(roundTrip(new RecordCodec<>(AnswerEvent.class), none)).isEqualTo(none);
  }

  @Test
  void theBinaryBodyIsAFractionOfTheJson() {
    Buffer report = Buffer.buffer();
    new RecordCodec<>(ReportEvent.class).encodeToWire(report, Samples.reportEvent());
    Buffer answers = Buffer.buffer();
    new RecordCodec<>(AnswerEvent.class).encodeToWire(answers, Samples.answerEvent(true));
    assertThat(report.length()).isLessThan(Json.toBytes(Samples.reportEvent()).length * 2 / 3);
    assertThat(answers.length()).isLessThan(Json.toBytes(Samples.answerEvent(true)).length * 2 / 3);
  }

  @Test
  void aTruncatedMessageIsRefusedNotMisread() {
    RecordCodec<ReportEvent> codec = new RecordCodec<>(ReportEvent.class);
    Buffer buffer = Buffer.buffer();
    codec.encodeToWire(buffer, Samples.reportEvent());
    Buffer truncated = buffer.getBuffer(0, buffer.length() - 10);
    assertThatThrownBy(() -> codec.decodeFromWire(0, truncated)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void decodingStartsAtTheGivenPosition() {
    RecordCodec<AnswerEvent> codec = new RecordCodec<>(AnswerEvent.class);
    AnswerEvent event = Samples.answerEvent(true);
    Buffer buffer = Buffer.buffer("prefix");
    codec.encodeToWire(buffer, event);
    assertThat(codec.decodeFromWire(6, buffer)).isEqualTo(event);
  }

  @Test
  void aMessageOfAnotherContractVersionIsRefusedLoudly() {
    RecordCodec<AnswerEvent> codec = new RecordCodec<>(AnswerEvent.class);
    Buffer buffer = Buffer.buffer();
    codec.encodeToWire(buffer, Samples.answerEvent(false));
    buffer.setInt(4, Codecs.CONTRACT_VERSION + 1);
    assertThatThrownBy(() -> codec.decodeFromWire(0, buffer))
        .isInstanceOf(CodecMismatchException.class)
        .hasMessageContaining("contract version " + (Codecs.CONTRACT_VERSION + 1));
    Buffer garbage = Buffer.buffer().appendInt(0x12345678).appendInt(1).appendInt(0);
    assertThatThrownBy(() -> codec.decodeFromWire(0, garbage)).isInstanceOf(CodecMismatchException.class)
        .hasMessageContaining("not a Bastion message");
  }

  @Test
  void registeringMakesTheRecordsSendable() throws Exception {
    Codecs.register(vertx);
    Codecs.verifyContract(vertx).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    AnswerEvent event = Samples.answerEvent(true);
    vertx.eventBus().<AnswerEvent>consumer("test", m -> m.reply(Samples.reportEvent()));
    Object reply = vertx.eventBus().request("test", event).toCompletionStage().toCompletableFuture()
        .get(5, TimeUnit.SECONDS).body();
    assertThat(reply).isInstanceOf(ReportEvent.class);
  }

  @Test
  void aNodeWithAnotherContractFailsToStart() throws Exception {
    AsyncMap<String, String> map = vertx.sharedData().<String, String>getLocalAsyncMap("contract")
        .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    map.put("fingerprint", "0000000000000000deadbeef").toCompletionStage().toCompletableFuture().get();
    Throwable failure = Codecs.checkContract(map).toCompletionStage().toCompletableFuture()
        .handle((v, e) -> e instanceof java.util.concurrent.CompletionException ? e.getCause() : e)
        .get(5, TimeUnit.SECONDS);
    assertThat(failure).isInstanceOf(CodecMismatchException.class)
        .hasMessageContaining("deploy the same codecs module on every node");

    AsyncMap<String, String> fresh = vertx.sharedData().<String, String>getLocalAsyncMap("contract-2")
        .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    Codecs.checkContract(fresh).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    Codecs.checkContract(fresh).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertThat(fresh.get("fingerprint").toCompletionStage().toCompletableFuture().get()).isEqualTo(Codecs.fingerprint());
  }

  @Test
  void feedAddressesNameExactlyOneAssessment() {
    UUID id = UUID.randomUUID();
    assertThat(Addresses.assessmentOfFeed(Addresses.assessment(id))).contains(id);
    assertThat(Addresses.assessmentOfFeed("assessments.*")).isEmpty();
    assertThat(Addresses.assessmentOfFeed("assessments." + id + ".x")).isEmpty();
    assertThat(Addresses.assessmentOfFeed("assessments." + id.toString().toUpperCase())).isEmpty();
    assertThat(Addresses.assessmentOfFeed("reports." + id)).isEmpty();
    assertThat(Addresses.assessmentOfFeed(Addresses.ANSWERS)).isEmpty();
    assertThat(Addresses.assessmentOfFeed(null)).isEmpty();
  }

  private static <T> T roundTrip(MessageCodec<T, T> codec, T value) {
    Buffer buffer = Buffer.buffer();
    codec.encodeToWire(buffer, value);
    return codec.decodeFromWire(0, buffer);
  }
}
