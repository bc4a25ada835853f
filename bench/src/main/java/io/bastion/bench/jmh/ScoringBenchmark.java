package io.bastion.bench.jmh;

import io.bastion.bench.Samples;
import io.bastion.catalogue.Catalogue;
import io.bastion.codecs.AnswerEvent;
import io.bastion.codecs.ReportEvent;
import io.bastion.security.scoring.Scorer;
import java.nio.file.Path;
import java.time.Instant;
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

/** One report of the baseline catalogue (47 questions, with a delta): the whole work of a security node. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ScoringBenchmark {

  private Catalogue catalogue;
  private AnswerEvent event;

  @Setup
  public void setUp() {
    catalogue = Samples.baseline(Path.of(System.getProperty("bastion.catalogues", "conf/catalogues")));
    event = Samples.answerEvent(catalogue, 7);
  }

  @Benchmark
  public ReportEvent scoreWithDelta() {
    return Scorer.report(event, catalogue, "bench", Instant.EPOCH);
  }
}
