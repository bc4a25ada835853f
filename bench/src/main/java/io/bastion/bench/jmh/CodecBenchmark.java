package io.bastion.bench.jmh;

import io.bastion.bench.Samples;
import io.bastion.catalogue.Catalogue;
import io.bastion.codecs.AnswerEvent;
import io.bastion.codecs.Codecs;
import io.bastion.codecs.ReportEvent;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Encoding and decoding the two bus messages, as the clustered event bus does for every cross-node send. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CodecBenchmark {

  private final MessageCodec<AnswerEvent, AnswerEvent> answers = Codecs.codec(AnswerEvent.class);
  private final MessageCodec<ReportEvent, ReportEvent> reports = Codecs.codec(ReportEvent.class);
  private AnswerEvent event;
  private ReportEvent report;
  private Buffer eventWire;
  private Buffer reportWire;

  @Setup
  public void setUp() {
    Catalogue c = Samples.baseline(Path.of(System.getProperty("bastion.catalogues", "conf/catalogues")));
    event = Samples.answerEvent(c, 7);
    report = Samples.report(c, event);
    eventWire = Buffer.buffer();
    answers.encodeToWire(eventWire, event);
    reportWire = Buffer.buffer();
    reports.encodeToWire(reportWire, report);
  }

  @Benchmark
  public Buffer encodeAnswerEvent() {
    Buffer b = Buffer.buffer(4096);
    answers.encodeToWire(b, event);
    return b;
  }

  @Benchmark
  public AnswerEvent decodeAnswerEvent() {
    return answers.decodeFromWire(0, eventWire);
  }

  @Benchmark
  public Buffer encodeReportEvent() {
    Buffer b = Buffer.buffer(16384);
    reports.encodeToWire(b, report);
    return b;
  }

  @Benchmark
  public ReportEvent decodeReportEvent() {
    return reports.decodeFromWire(0, reportWire);
  }
}
