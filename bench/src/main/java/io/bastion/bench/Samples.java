package io.bastion.bench;

import io.bastion.catalogue.Catalogue;
import io.bastion.catalogue.CatalogueLoader;
import io.bastion.codecs.AnswerEvent;
import io.bastion.codecs.ReportEvent;
import io.bastion.security.WarmUp;
import io.bastion.security.scoring.Scorer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;

/** Realistic messages: a fully answered baseline assessment, its previous version and the report they give. */
public final class Samples {

  private Samples() {
  }

  public static Catalogue baseline(Path catalogues) {
    return catalogue(catalogues, "baseline");
  }

  /** The latest version of catalogue {@code id} in the directory. */
  public static Catalogue catalogue(Path catalogues, String id) {
    try {
      return CatalogueLoader.loadDirectory(catalogues).latest(id)
          .orElseThrow(() -> new IllegalArgumentException("no catalogue " + id + " in " + catalogues));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static AnswerEvent answerEvent(Catalogue c, long seed) {
    return WarmUp.sample(c, new Random(seed));
  }

  public static ReportEvent report(Catalogue c, AnswerEvent event) {
    return Scorer.report(event, c, "bench", Instant.now());
  }
}
