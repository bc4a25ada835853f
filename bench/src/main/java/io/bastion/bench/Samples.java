package io.bastion.bench;

import io.bastion.catalogue.Catalogue;
import io.bastion.catalogue.CatalogueLoader;
import io.bastion.catalogue.Question;
import io.bastion.codecs.AnswerEntry;
import io.bastion.codecs.AnswerEvent;
import io.bastion.codecs.AnswerState;
import io.bastion.codecs.Baseline;
import io.bastion.codecs.ReportEvent;
import io.bastion.security.scoring.Scorer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/** Realistic messages: a fully answered baseline assessment, its previous version and the report they give. */
public final class Samples {

  private Samples() {
  }

  public static Catalogue baseline(Path catalogues) {
    try {
      return CatalogueLoader.loadDirectory(catalogues).latest("baseline").orElseThrow();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static AnswerEvent answerEvent(Catalogue c, long seed) {
    Random random = new Random(seed);
    List<AnswerEntry> now = new ArrayList<>();
    List<AnswerEntry> before = new ArrayList<>();
    for (Question q : c.questions()) {
      List<String> values = q.allowedValues();
      now.add(new AnswerEntry(q.id(), values.get(random.nextInt(values.size()))));
      before.add(new AnswerEntry(q.id(), values.get(random.nextInt(values.size()))));
    }
    return new AnswerEvent(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), 42, AnswerState.UPDATED,
        c.questions().get(0).id(), Instant.now(), Instant.now(), c.id(), c.version(), now, new Baseline(41, before));
  }

  public static ReportEvent report(Catalogue c, AnswerEvent event) {
    return Scorer.report(event, c, "bench", Instant.now());
  }
}
