package io.bastion.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository's conf/catalogues load with their translation files, and every German translation is complete
 * (issue 16: baseline and cloud-saas in German; csf-2.0 stays English, without a file). The same check also runs
 * against a small fixture, so that it is known to pass on a complete translation and fail on a gap.
 */
class ShippedTranslationsTest {

  private static final Path CONF = Path.of("../conf/catalogues");
  /** The catalogues issue 16 translates into German. */
  private static final Set<String> GERMAN = Set.of("baseline", "cloud-saas");

  @Test
  void theShippedCataloguesLoadAndTheirGermanTextsAreComplete() throws IOException {
    assertCompleteInGerman(CatalogueLoader.loadDirectory(CONF), GERMAN);
  }

  @Test
  void theCheckPassesOnACompleteFixture(@TempDir Path dir) throws IOException {
    assertCompleteInGerman(fixture(dir, CatalogueTranslationTest.GERMAN), Set.of("tiny"));
  }

  @Test
  void theCheckFailsOnAGapOrAMissingFile(@TempDir Path dir) throws IOException {
    Catalogues gap = fixture(dir, CatalogueTranslationTest.GERMAN.replace("    help: Offline zählt.\n", ""));
    assertThatThrownBy(() -> assertCompleteInGerman(gap, Set.of("tiny")))
        .isInstanceOf(AssertionError.class).hasMessageContaining("tiny@1 de: 1 text missing: q-backup.help");

    Files.delete(dir.resolve("tiny.de.yaml"));
    Catalogues english = CatalogueLoader.loadDirectory(dir);
    assertThatThrownBy(() -> assertCompleteInGerman(english, Set.of("tiny")))
        .isInstanceOf(AssertionError.class).hasMessageContaining("tiny has no German translation file");
  }

  /** Each catalogue named has a German file for its newest version, and no German translation lacks a text. */
  static void assertCompleteInGerman(Catalogues all, Set<String> translated) {
    for (String id : translated) {
      Catalogue newest = all.latest(id).orElseThrow(() -> new AssertionError("no catalogue " + id));
      assertThat(all.languages(id, newest.version()))
          .as(id + " has no German translation file for version " + newest.version()).contains(Language.DE);
    }
    for (MissingTexts m : all.translations()) {
      if (m.language() == Language.DE) {
        assertThat(m.paths()).as(m.describe(20)).isEmpty();
      }
    }
  }

  private static Catalogues fixture(Path dir, String german) throws IOException {
    Files.writeString(dir.resolve("tiny.yaml"), CatalogueTranslationTest.CATALOGUE);
    Files.writeString(dir.resolve("tiny.de.yaml"), german);
    return CatalogueLoader.loadDirectory(dir);
  }
}
