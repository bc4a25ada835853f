package io.bastion.catalogue;

import java.util.List;
import java.util.Map;

/**
 * The texts of one catalogue version in one language other than English, as read from its translation file
 * ({@code baseline.de.yaml}); every text may be null (missing: English is shown). Checked against its catalogue by
 * {@link Localiser}. Maps keep the file's order.
 *
 * @param source the file, for error messages
 */
public record Translation(
    String source,
    String catalogueId,
    String version,
    Language language,
    String title,
    String description,
    String audience,
    Map<String, String> categories,
    Map<String, QuestionTexts> questions) {

  public Translation {
    categories = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(categories));
    questions = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(questions));
  }

  public String catalogueKey() {
    return Catalogue.key(catalogueId, version);
  }

  /**
   * One question's texts; {@code levels} is null or the maturity labels in level order, {@code options} maps a
   * choice option's value to its label (empty when none are given).
   */
  public record QuestionTexts(String text, String help, String recommendation, List<String> levels,
      Map<String, String> options) {

    public QuestionTexts {
      levels = levels == null ? null : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(levels));
      options = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(options));
    }
  }
}
