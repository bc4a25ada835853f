package io.bastion.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Translation files (docs/catalogues.md): loaded beside their catalogue, checked, applied text by text. */
class CatalogueTranslationTest {

  /** Every kind of text a catalogue has: its own, a category's, and each question type's. */
  static final String CATALOGUE = """
      id: tiny
      version: "1"
      title: Tiny
      description: A catalogue with every kind of text.
      audience: Testers
      functions: {PR: 2}
      categories:
        - {id: GV.RR, function: GV, title: Roles}
        - {id: PR.AA, function: PR, title: Access}
      questions:
        - id: q-owner
          function: GV
          category: GV.RR
          text: Someone owns security.
          help: Written down.
          type: yesno
          na: false
          weight: 5
          references: {nist: [GV.RR-01]}
          recommendation: {text: Name an owner., effort: quick-win, impact: high}
        - id: q-mfa
          function: PR
          category: PR.AA
          text: MFA is used.
          type: maturity
          levels: [None, Some, Most, All, Enforced]
          weight: 4
          showIf: {question: q-owner, in: ["yes", "partial"]}
          references: {nist: [PR.AA-03]}
          recommendation: {text: Turn on MFA., effort: project, impact: high}
        - id: q-backup
          function: PR
          category: PR.AA
          text: How are backups kept?
          help: Offline counts.
          type: choice
          options:
            - {value: none, label: No backups, score: 0}
            - {value: online, label: Online only, score: 0.4}
            - {value: offline, label: Offline too, score: 1}
          weight: 3
          references: {cis: ["11.2"]}
          recommendation: {text: Keep one copy offline., effort: project, impact: medium}
      """;

  static final String GERMAN = """
      # Deutsche Texte
      translation: tiny
      version: "1"
      language: de
      title: Winzig
      description: Ein Katalog mit jeder Art Text.
      audience: Prüfer
      categories:
        GV.RR: Rollen
        PR.AA: Zugang
      questions:
        q-owner:
          text: Jemand ist für Sicherheit verantwortlich.
          help: Schriftlich festgehalten.
          recommendation: Benennen Sie eine Verantwortliche.
        q-mfa:
          text: MFA wird genutzt.
          recommendation: Schalten Sie MFA ein.
          levels: [Keine, Einige, Die meisten, Alle, Erzwungen]
        q-backup:
          text: Wie werden Sicherungen aufbewahrt?
          help: Offline zählt.
          recommendation: Bewahren Sie eine Kopie offline auf.
          options:
            none: Keine Sicherungen
            online: Nur online
            offline: Auch offline
      """;

  @Test
  void aCompleteTranslationLocalisesEveryText(@TempDir Path dir) throws IOException {
    Catalogues all = load(dir, GERMAN);
    Catalogue de = all.get("tiny", "1", Language.DE).orElseThrow();
    assertThat(de.title()).isEqualTo("Winzig");
    assertThat(de.description()).isEqualTo("Ein Katalog mit jeder Art Text.");
    assertThat(de.audience()).isEqualTo("Prüfer");
    assertThat(de.categories()).extracting(Category::title).containsExactly("Rollen", "Zugang");
    Question owner = de.question("q-owner").orElseThrow();
    assertThat(owner.text()).isEqualTo("Jemand ist für Sicherheit verantwortlich.");
    assertThat(owner.help()).isEqualTo("Schriftlich festgehalten.");
    assertThat(owner.recommendation().text()).isEqualTo("Benennen Sie eine Verantwortliche.");
    assertThat(owner.options()).extracting(Option::label).as("Bastion's words").containsExactly("Ja", "Teilweise",
        "Nein");
    Question mfa = de.question("q-mfa").orElseThrow();
    assertThat(mfa.text()).isEqualTo("MFA wird genutzt.");
    assertThat(mfa.options()).extracting(Option::label)
        .containsExactly("Keine", "Einige", "Die meisten", "Alle", "Erzwungen");
    Question backup = de.question("q-backup").orElseThrow();
    assertThat(backup.help()).isEqualTo("Offline zählt.");
    assertThat(backup.options()).extracting(Option::label)
        .containsExactly("Keine Sicherungen", "Nur online", "Auch offline");
    assertThat(all.translations()).containsExactly(new MissingTexts("tiny@1", Language.DE, List.of()));
    assertThat(all.missingTexts()).isEmpty();
    assertThat(all.languages("tiny", "1")).containsExactly(Language.EN, Language.DE);

    assertThat(all.latest("tiny", Language.DE)).containsSame(de);
    assertThat(all.latestAll(Language.DE)).containsExactly(de);
    Catalogue en = all.get("tiny", "1").orElseThrow();
    assertThat(all.get("tiny", "1", Language.EN)).as("English is the loaded catalogue itself").containsSame(en);
    assertThat(all.latest("tiny", Language.EN)).containsSame(en);
    assertThat(all.latestAll(Language.EN)).containsExactly(en);
    assertThat(en.title()).isEqualTo("Tiny");
    assertThat(en.question("q-owner").orElseThrow().options()).extracting(Option::label)
        .containsExactly("Yes", "Partly", "No");
  }

  @Test
  void theLocalisedCatalogueKeepsEveryFact(@TempDir Path dir) throws IOException {
    Catalogues all = load(dir, GERMAN);
    Catalogue en = all.get("tiny", "1").orElseThrow();
    Catalogue de = all.get("tiny", "1", Language.DE).orElseThrow();
    assertThat(de).isNotSameAs(en);
    assertThat(de.sha256()).isEqualTo(en.sha256()).isEqualTo(CatalogueLoader.parse("x", CATALOGUE).sha256());
    assertThat(de.id()).isEqualTo("tiny");
    assertThat(de.version()).isEqualTo("1");
    assertThat(de.key()).isEqualTo(en.key());
    assertThat(de.functionWeights()).isEqualTo(en.functionWeights());
    assertThat(de.categories()).extracting(Category::id, Category::function)
        .containsExactlyElementsOf(en.categories().stream().map(c -> org.assertj.core.groups.Tuple.tuple(c.id(),
            c.function())).toList());
    assertThat(de.questions()).hasSameSizeAs(en.questions());
    for (int i = 0; i < en.questions().size(); i++) {
      Question e = en.questions().get(i);
      Question d = de.questions().get(i);
      assertThat(d.id()).isEqualTo(e.id());
      assertThat(d.function()).isEqualTo(e.function());
      assertThat(d.type()).isEqualTo(e.type());
      assertThat(d.weight()).isEqualTo(e.weight());
      assertThat(d.allowNa()).isEqualTo(e.allowNa());
      assertThat(d.references()).isEqualTo(e.references());
      assertThat(d.showIf()).isEqualTo(e.showIf());
      assertThat(d.category()).isEqualTo(e.category());
      assertThat(d.recommendation().effort()).isEqualTo(e.recommendation().effort());
      assertThat(d.recommendation().impact()).isEqualTo(e.recommendation().impact());
      assertThat(d.allowedValues()).isEqualTo(e.allowedValues());
      assertThat(d.options()).extracting(Option::value, Option::score)
          .containsExactlyElementsOf(e.options().stream().map(o -> org.assertj.core.groups.Tuple.tuple(o.value(),
              o.score())).toList());
      assertThat(d.text()).isNotEqualTo(e.text());
    }
    assertThat(de.visibleQuestionIds(java.util.Map.of("q-owner", "no")))
        .isEqualTo(en.visibleQuestionIds(java.util.Map.of("q-owner", "no"))).containsExactly("q-owner", "q-backup");
  }

  @Test
  void aMissingTextFallsBackToEnglishAndIsListed(@TempDir Path dir) throws IOException {
    String partial = GERMAN
        .replace("title: Winzig\n", "")
        .replace("audience: Prüfer\n", "audience:\n")
        .replace("  PR.AA: Zugang\n", "")
        .replace("    help: Schriftlich festgehalten.\n", "")
        .replace("    levels: [Keine, Einige, Die meisten, Alle, Erzwungen]\n", "")
        .replace("      online: Nur online\n", "")
        .replace("    recommendation: Bewahren Sie eine Kopie offline auf.\n", "    recommendation: \"\"\n");
    Catalogues all = load(dir, partial);
    Catalogue de = all.get("tiny", "1", Language.DE).orElseThrow();
    assertThat(de.title()).isEqualTo("Tiny");
    assertThat(de.description()).isEqualTo("Ein Katalog mit jeder Art Text.");
    assertThat(de.audience()).isEqualTo("Testers");
    assertThat(de.categories()).extracting(Category::title).containsExactly("Rollen", "Access");
    assertThat(de.question("q-owner").orElseThrow().help()).isEqualTo("Written down.");
    assertThat(de.question("q-owner").orElseThrow().text()).isEqualTo("Jemand ist für Sicherheit verantwortlich.");
    assertThat(de.question("q-mfa").orElseThrow().options()).extracting(Option::label)
        .containsExactly("None", "Some", "Most", "All", "Enforced");
    assertThat(de.question("q-backup").orElseThrow().options()).extracting(Option::label)
        .containsExactly("Keine Sicherungen", "Online only", "Auch offline");
    assertThat(de.question("q-backup").orElseThrow().recommendation().text()).isEqualTo("Keep one copy offline.");

    MissingTexts missing = new MissingTexts("tiny@1", Language.DE, List.of("title", "audience", "category PR.AA",
        "q-owner.help", "q-mfa.levels", "q-backup.recommendation", "q-backup.options.online"));
    assertThat(all.missingTexts()).containsExactly(missing);
    assertThat(all.translations()).containsExactly(missing);
    assertThat(missing.describe()).isEqualTo("tiny@1 de: 7 texts missing: title, audience, category PR.AA, "
        + "q-owner.help, q-mfa.levels, q-backup.recommendation, q-backup.options.online");
    assertThat(missing.describe(2)).isEqualTo("tiny@1 de: 7 texts missing: title, audience, and 5 more");
  }

  @Test
  void aTranslationFileWithOnlyItsHeaderListsEveryText(@TempDir Path dir) throws IOException {
    Catalogues all = load(dir, "translation: tiny\nversion: \"1\"\nlanguage: de\n");
    assertThat(all.missingTexts()).singleElement().satisfies(m -> assertThat(m.paths()).containsExactly(
        "title", "description", "audience", "category GV.RR", "category PR.AA",
        "q-owner.text", "q-owner.help", "q-owner.recommendation",
        "q-mfa.text", "q-mfa.recommendation", "q-mfa.levels",
        "q-backup.text", "q-backup.help", "q-backup.recommendation",
        "q-backup.options.none", "q-backup.options.online", "q-backup.options.offline"));
    assertThat(all.get("tiny", "1", Language.DE).orElseThrow().title()).isEqualTo("Tiny");
  }

  @Test
  void aLanguageWithoutAFileIsEnglishWithBastionsWordsAndNotListedAsMissing(@TempDir Path dir)
      throws IOException {
    Files.writeString(dir.resolve("tiny.yaml"), CATALOGUE);
    Catalogues all = CatalogueLoader.loadDirectory(dir);
    assertThat(all.missingTexts()).isEmpty();
    assertThat(all.translations()).isEmpty();
    assertThat(all.languages("tiny", "1")).containsExactly(Language.EN);
    Catalogue de = all.latest("tiny", Language.DE).orElseThrow();
    Catalogue en = all.latest("tiny").orElseThrow();
    assertThat(de.title()).isEqualTo("Tiny");
    assertThat(de.question("q-mfa").orElseThrow()).isEqualTo(en.question("q-mfa").orElseThrow());
    assertThat(de.question("q-owner").orElseThrow().options()).extracting(Option::label, Option::score)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("Ja", 1.0),
            org.assertj.core.groups.Tuple.tuple("Teilweise", 0.5), org.assertj.core.groups.Tuple.tuple("Nein", 0.0));
    assertThat(de.sha256()).isEqualTo(en.sha256());
    assertThat(all.get("tiny", "2", Language.DE)).isEmpty();
    assertThat(all.latest("nothing", Language.DE)).isEmpty();
  }

  @Test
  void builtInWordsArePerLanguage() {
    assertThat(BuiltInWords.notApplicable(Language.EN)).isEqualTo("Not applicable");
    assertThat(BuiltInWords.notApplicable(Language.DE)).isEqualTo("Nicht zutreffend");
    assertThat(BuiltInWords.yesNoOptions(Language.EN)).extracting(Option::value, Option::label).containsExactly(
        org.assertj.core.groups.Tuple.tuple("yes", "Yes"), org.assertj.core.groups.Tuple.tuple("partial", "Partly"),
        org.assertj.core.groups.Tuple.tuple("no", "No"));
    assertThat(BuiltInWords.yesNoOptions(Language.DE)).extracting(Option::label)
        .containsExactly("Ja", "Teilweise", "Nein");
  }

  @Test
  void eachRuleViolationIsAnErrorNamingItsPlace() {
    assertRefused(GERMAN.replace("translation: tiny", "translation: huge"),
        "translation: huge version 1 is not a loaded catalogue");
    assertRefused(GERMAN.replace("version: \"1\"", "version: \"2\""),
        "translation: tiny version 2 is not a loaded catalogue (its versions: 1)");
    assertRefused(GERMAN.replace("language: de", "language: fr"), "translation: language 'fr' must be one of de");
    assertRefused(GERMAN.replace("language: de", "language: en"), "translation: language 'en' must be one of de");
    assertRefused(GERMAN.replace("language: de\n", ""), "translation: language missing");
    assertRefused(GERMAN.replace("version: \"1\"\n", ""), "translation: version missing");
    assertRefused(GERMAN.replace("  q-mfa:\n", "  q-mfb:\n"), "question 'q-mfb': not a question of tiny@1");
    assertRefused(GERMAN.replace("  PR.AA: Zugang", "  PR.XX: Zugang"), "category 'PR.XX': not a category of tiny@1");
    assertRefused(GERMAN.replace("  none: Keine Sicherungen", "  never: Keine Sicherungen"),
        "question 'q-backup': option 'never' is not one of its options (none, online, offline)");
    assertRefused(GERMAN.replace("title: Winzig", "titel: Winzig"), "translation: unknown field 'titel'");
    assertRefused(GERMAN.replace("    help: Offline zählt.", "    hint: Offline zählt."),
        "question 'q-backup': unknown field 'hint'");
    assertRefused(GERMAN.replace("levels: [Keine, Einige, Die meisten, Alle, Erzwungen]", "levels: [Keine, Alle]"),
        "question 'q-mfa': levels has 2 labels, the English question 5");
    assertRefused(GERMAN.replace("    help: Schriftlich festgehalten.\n",
        "    help: Schriftlich festgehalten.\n    levels: [a, b, c, d, e]\n"),
        "question 'q-owner': levels given, but it is a yesno question");
    assertRefused(GERMAN.replace("    levels: [Keine", "    options: {none: Nichts}\n    levels: [Keine"),
        "question 'q-mfa': options given, but it is a maturity question");
    assertRefused(GERMAN.replace("    recommendation: Schalten Sie MFA ein.\n", "    help: Hilfe.\n"),
        "question 'q-mfa': help given, but the question has none in English");
    assertRefused(GERMAN.replace("recommendation: Schalten Sie MFA ein.",
        "recommendation: {text: Schalten Sie MFA ein., effort: project}"),
        "question 'q-mfa': recommendation is its text only");
    assertRefused(GERMAN.replace("title: Winzig", "title: [Winzig]"), "translation: title must be text");
    assertRefused(GERMAN.replace("  q-mfa:\n    text: MFA wird genutzt.", "  q-mfa:\n    text: {de: MFA}"),
        "question 'q-mfa': text must be text");
    assertRefused(GERMAN.replace("  q-backup:\n", "  q-owner:\n    text: Doppelt.\n  q-backup:\n"),
        "not valid YAML/JSON: Duplicate field 'q-owner'");
  }

  @Test
  void everyProblemOfATranslationIsReportedAtOnce(@TempDir Path dir) throws IOException {
    String broken = GERMAN.replace("  q-mfa:\n", "  q-mfb:\n").replace("  PR.AA: Zugang", "  PR.XX: Zugang")
        .replace("  none: Keine", "  never: Keine");
    Files.writeString(dir.resolve("tiny.yaml"), CATALOGUE);
    Files.writeString(dir.resolve("tiny.de.yaml"), broken);
    assertThatThrownBy(() -> CatalogueLoader.loadDirectory(dir)).isInstanceOf(CatalogueException.class)
        .hasMessageContaining(dir.resolve("tiny.de.yaml").toString())
        .satisfies(e -> assertThat(((CatalogueException) e).problems()).containsExactlyInAnyOrder(
            "question 'q-mfb': not a question of tiny@1",
            "category 'PR.XX': not a category of tiny@1",
            "question 'q-backup': option 'never' is not one of its options (none, online, offline)"));
  }

  @Test
  void oneFilePerVersionAndLanguage(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("tiny.yaml"), CATALOGUE);
    Files.writeString(dir.resolve("tiny.de.yaml"), GERMAN);
    Files.writeString(dir.resolve("tiny.de2.yaml"), GERMAN);
    assertThatThrownBy(() -> CatalogueLoader.loadDirectory(dir)).isInstanceOf(CatalogueException.class)
        .hasMessageContaining(dir.resolve("tiny.de2.yaml").toString())
        .hasMessageContaining("translation: tiny@1 in de is translated by " + dir.resolve("tiny.de.yaml")
            + " already");
  }

  @Test
  void translationsOfTwoVersionsLocaliseEachVersion(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("tiny.yaml"), CATALOGUE);
    Files.writeString(dir.resolve("tiny.de.yaml"), GERMAN);
    Files.writeString(dir.resolve("tiny-2.yaml"), CATALOGUE.replace("version: \"1\"", "version: \"2\""));
    Files.writeString(dir.resolve("tiny-2.de.yaml"), GERMAN.replace("version: \"1\"", "version: \"2\"")
        .replace("title: Winzig", "title: Winzig 2"));
    Catalogues all = CatalogueLoader.loadDirectory(dir);
    assertThat(all.latest("tiny", Language.DE).orElseThrow().title()).isEqualTo("Winzig 2");
    assertThat(all.get("tiny", "1", Language.DE).orElseThrow().title()).isEqualTo("Winzig");
    assertThat(all.translations()).extracting(MissingTexts::catalogueKey).containsExactlyInAnyOrder("tiny@1",
        "tiny@2");
  }

  private static Catalogues load(Path dir, String german) throws IOException {
    Files.writeString(dir.resolve("tiny.yaml"), CATALOGUE);
    Files.writeString(dir.resolve("tiny.de.yaml"), german);
    return CatalogueLoader.loadDirectory(dir);
  }

  private static void assertRefused(String german, String expected) {
    Path dir;
    try {
      dir = Files.createTempDirectory("translation");
      Files.writeString(dir.resolve("tiny.yaml"), CATALOGUE);
      Files.writeString(dir.resolve("tiny.de.yaml"), german);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    try {
      assertThatThrownBy(() -> CatalogueLoader.loadDirectory(dir)).as(expected)
          .isInstanceOf(CatalogueException.class)
          .hasMessageContaining(dir.resolve("tiny.de.yaml").toString())
          .hasMessageContaining(expected);
    } finally {
      try (var files = Files.list(dir)) {
        for (Path f : files.toList()) {
          Files.delete(f);
        }
        Files.delete(dir);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }
}
