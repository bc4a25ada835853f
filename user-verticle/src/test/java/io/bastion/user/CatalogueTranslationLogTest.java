package io.bastion.user;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.bastion.catalogue.CatalogueLoader;
import io.bastion.user.testing.UserNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A user node that loads a catalogue translation lacking texts says so at start, in one WARN line per catalogue
 * and language (a catalogue without a translation file is not mentioned: English only is fine).
 */
@ExtendWith(VertxExtension.class)
class CatalogueTranslationLogTest {

  private static final Pattern TRANSLATION = Pattern.compile("(?m)^translation:");

  @Test
  void aTranslationLackingTextsIsOneWarnLine(Vertx vertx, @TempDir Path dir) throws Exception {
    // The shipped catalogues without their translation files, and a German baseline with two texts only.
    try (var files = Files.list(UserNode.repositoryRoot().resolve("conf/catalogues"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        if (!TRANSLATION.matcher(Files.readString(f)).find()) {
          Files.copy(f, dir.resolve(f.getFileName()));
        }
      }
    }
    Files.writeString(dir.resolve("baseline.de.yaml"), """
        translation: baseline
        version: "2026.1"
        language: de
        title: Bastion-Grundschutz
        questions:
          gv-owner: {text: Eine benannte Person ist für Informationssicherheit verantwortlich.}
        """);
    int missing = CatalogueLoader.loadDirectory(dir).missingTexts().get(0).paths().size();

    Logger logger = (Logger) LoggerFactory.getLogger(UserVerticle.class);
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    logger.addAppender(log);
    try {
      UserNode.start(vertx, new JsonObject().put("catalogues.dir", dir.toString()));
    } finally {
      logger.detachAppender(log);
    }
    assertThat(log.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage))
        .containsExactly("translation incomplete, English shown instead: baseline@2026.1 de: " + missing
            + " texts missing: description, audience, gv-owner.help, gv-owner.recommendation, gv-policy.text, and "
            + (missing - 5) + " more");
  }
}
