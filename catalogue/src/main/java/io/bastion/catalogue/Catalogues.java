package io.bastion.catalogue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Every catalogue a node has loaded, by id and version, and each in every language: English as loaded, another
 * language with its translation file's texts (English where one lacks a text, or where there is no file) and
 * Bastion's own words for yes/no. The copies are made once, here, since they are asked for per request. Several
 * versions of one catalogue may be present so that assessments started with an older version keep being scored
 * by it.
 */
public final class Catalogues {

  private final Map<String, Catalogue> byKey = new LinkedHashMap<>();
  private final Map<String, Catalogue> latest = new LinkedHashMap<>();
  private final List<Catalogue> latestAll;
  /** Per language other than English: catalogue key to the catalogue in that language. */
  private final Map<Language, Map<String, Catalogue>> localised = new EnumMap<>(Language.class);
  private final Map<Language, List<Catalogue>> latestLocalised = new EnumMap<>(Language.class);
  /** Per catalogue key, per language that has a translation file: the texts it lacks. */
  private final Map<String, Map<Language, MissingTexts>> translated = new LinkedHashMap<>();

  /** Catalogues in English only (and Bastion's own words in every language). */
  public Catalogues(Collection<Catalogue> catalogues) {
    this(catalogues, List.of());
  }

  /**
   * Catalogues with their translations. A translation naming no loaded catalogue version, a second one for the
   * same version and language, or one that does not fit its catalogue fails with a {@link CatalogueException}
   * naming its file and every problem.
   */
  public Catalogues(Collection<Catalogue> catalogues, Collection<Translation> translations) {
    List<String> problems = new ArrayList<>();
    for (Catalogue c : catalogues) {
      if (byKey.putIfAbsent(c.key(), c) != null) {
        problems.add("catalogue '" + c.id() + "' version " + c.version() + " is defined twice");
      }
    }
    if (!problems.isEmpty()) {
      throw new CatalogueException("directory", problems);
    }
    for (Catalogue c : byKey.values()) {
      latest.merge(c.id(), c, (a, b) -> compareVersions(a.version(), b.version()) >= 0 ? a : b);
    }
    latestAll = latest.values().stream().sorted(Comparator.comparing(Catalogue::id)).toList();
    Map<String, Translation> seen = new LinkedHashMap<>();
    for (Translation t : translations) {
      translate(t, seen);
    }
    for (Language language : Language.values()) {
      if (language == Language.EN) {
        continue;
      }
      Map<String, Catalogue> inLanguage = localised.computeIfAbsent(language, l -> new LinkedHashMap<>());
      for (Catalogue c : byKey.values()) {
        inLanguage.computeIfAbsent(c.key(), k -> Localiser.builtInWordsOnly(c, language));
      }
      latestLocalised.put(language, latestAll().stream().map(c -> inLanguage.get(c.key())).toList());
    }
  }

  private void translate(Translation t, Map<String, Translation> seen) {
    Catalogue en = byKey.get(t.catalogueKey());
    if (en == null) {
      List<String> versions = byKey.values().stream().filter(c -> c.id().equals(t.catalogueId()))
          .map(Catalogue::version).toList();
      throw new CatalogueException(t.source(), List.of("translation: " + t.catalogueId() + " version " + t.version()
          + " is not a loaded catalogue" + (versions.isEmpty() ? "" : " (its versions: " + String.join(", ", versions)
          + ")")));
    }
    Translation before = seen.putIfAbsent(t.catalogueKey() + " " + t.language().code(), t);
    if (before != null) {
      throw new CatalogueException(t.source(), List.of("translation: " + t.catalogueKey() + " in "
          + t.language().code() + " is translated by " + before.source() + " already (one file per version and "
          + "language)"));
    }
    Localiser.Localised l = Localiser.localise(en, t);
    localised.computeIfAbsent(t.language(), x -> new LinkedHashMap<>()).put(en.key(), l.catalogue());
    translated.computeIfAbsent(en.key(), k -> new TreeMap<>())
        .put(t.language(), new MissingTexts(en.key(), t.language(), l.missing()));
  }

  public Optional<Catalogue> get(String id, String version) {
    return Optional.ofNullable(byKey.get(Catalogue.key(id, version)));
  }

  /**
   * A catalogue with its texts in a language, English where that language lacks one; the same id, version,
   * sha256, questions, weights and option values and scores as the English one (which {@link Language#EN}, or
   * null, gives).
   */
  public Optional<Catalogue> get(String id, String version, Language language) {
    if (language == null || language == Language.EN) {
      return get(id, version);
    }
    return Optional.ofNullable(localised.get(language).get(Catalogue.key(id, version)));
  }

  /** The newest version of a catalogue, its texts in a language. */
  public Optional<Catalogue> latest(String id, Language language) {
    Catalogue en = latest.get(id);
    return en == null ? Optional.empty() : get(id, en.version(), language);
  }

  /** The newest version of every catalogue, ordered by id, texts in a language. */
  public List<Catalogue> latestAll(Language language) {
    return language == null || language == Language.EN ? latestAll() : latestLocalised.get(language);
  }

  /** The languages a catalogue version has texts in: English, then those with a translation file. */
  public List<Language> languages(String id, String version) {
    List<Language> languages = new ArrayList<>();
    if (byKey.containsKey(Catalogue.key(id, version))) {
      languages.add(Language.EN);
      languages.addAll(translated.getOrDefault(Catalogue.key(id, version), Map.of()).keySet());
    }
    return languages;
  }

  /**
   * For every translation file, in catalogue order: the texts it lacks (empty when complete). A language without
   * a file for a catalogue is not listed: English only is a choice (csf-2.0), not a gap.
   */
  public List<MissingTexts> translations() {
    return byKey.keySet().stream().flatMap(key -> translated.getOrDefault(key, Map.of()).values().stream())
        .toList();
  }

  /** The translations that lack texts, each with every missing text's path; empty when all are complete. */
  public List<MissingTexts> missingTexts() {
    return translations().stream().filter(m -> !m.complete()).toList();
  }

  /** The newest version of a catalogue: what new assessments are started with. */
  public Optional<Catalogue> latest(String id) {
    return Optional.ofNullable(latest.get(id));
  }

  /** The newest version of every catalogue, ordered by id. */
  public List<Catalogue> latestAll() {
    return latestAll;
  }

  public Collection<Catalogue> all() {
    return byKey.values();
  }

  /** Compares dotted versions numerically where both parts are numbers ("2026.10" after "2026.9"). */
  static int compareVersions(String a, String b) {
    String[] pa = a.split("[.-]");
    String[] pb = b.split("[.-]");
    for (int i = 0; i < Math.max(pa.length, pb.length); i++) {
      String x = i < pa.length ? pa[i] : "";
      String y = i < pb.length ? pb[i] : "";
      int c;
      if (x.matches("\\d+") && y.matches("\\d+")) {
        c = Long.compare(Long.parseLong(x), Long.parseLong(y));
      } else {
        c = x.compareTo(y);
      }
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }
}
