package io.bastion.catalogue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every catalogue a node has loaded, by id and version. Several versions of one catalogue may be present so that
 * assessments started with an older version keep being scored by it.
 */
public final class Catalogues {

  private final Map<String, Catalogue> byKey = new LinkedHashMap<>();
  private final Map<String, Catalogue> latest = new LinkedHashMap<>();

  public Catalogues(Collection<Catalogue> catalogues) {
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
  }

  public Optional<Catalogue> get(String id, String version) {
    return Optional.ofNullable(byKey.get(Catalogue.key(id, version)));
  }

  /** A catalogue with its texts in a language, English where that language lacks one. STUB: English for now. */
  public Optional<Catalogue> get(String id, String version, Language language) {
    return get(id, version);
  }

  /** The newest version of a catalogue, its texts in a language. STUB: English for now. */
  public Optional<Catalogue> latest(String id, Language language) {
    return latest(id);
  }

  /** The newest version of every catalogue, ordered by id, texts in a language. STUB: English for now. */
  public List<Catalogue> latestAll(Language language) {
    return latestAll();
  }

  /** The newest version of a catalogue: what new assessments are started with. */
  public Optional<Catalogue> latest(String id) {
    return Optional.ofNullable(latest.get(id));
  }

  /** The newest version of every catalogue, ordered by id. */
  public List<Catalogue> latestAll() {
    return latest.values().stream().sorted(Comparator.comparing(Catalogue::id)).toList();
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
