package io.bastion.catalogue;

import java.util.List;

/**
 * The texts a catalogue version's translation into one language lacks (shown in English instead), as paths:
 * {@code title}, {@code description}, {@code audience}, {@code category GV.OC}, {@code gv-owner.text}, {@code .help},
 * {@code .recommendation}, {@code .levels} (all of them) or {@code .levels.2}, {@code .options.none}. Empty when
 * the translation is complete.
 */
public record MissingTexts(String catalogueKey, Language language, List<String> paths) {

  public MissingTexts {
    paths = List.copyOf(paths);
  }

  public boolean complete() {
    return paths.isEmpty();
  }

  /** One line with every path: {@code baseline@2026.1 de: 2 texts missing: gv-owner.help, pr-mfa.recommendation}. */
  public String describe() {
    return describe(Integer.MAX_VALUE);
  }

  /** One line naming at most {@code first} paths, then how many more ({@code ..., and 12 more}). */
  public String describe(int first) {
    String head = catalogueKey + " " + language.code() + ": ";
    if (paths.isEmpty()) {
      return head + "complete";
    }
    String listed = String.join(", ", paths.subList(0, Math.min(first, paths.size())));
    int more = paths.size() - Math.min(first, paths.size());
    return head + paths.size() + (paths.size() == 1 ? " text" : " texts") + " missing: " + listed
        + (more > 0 ? ", and " + more + " more" : "");
  }
}
