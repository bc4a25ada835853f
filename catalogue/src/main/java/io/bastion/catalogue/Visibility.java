package io.bastion.catalogue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which questions of a catalogue are shown for a set of answers. The one statement of the rule: the scorer counts
 * only shown questions, and the page shows what the API computes here.
 *
 * <p>A question without a condition is shown. A question with a condition ({@link Question#showIf()}) is shown
 * while the question it names is itself shown and answered with one of the listed values. The loader refuses
 * conditions that form a cycle, so the recursion ends.
 */
public final class Visibility {

  private final Map<String, Question> byId;
  private final Map<String, String> answers;
  private final Map<String, Boolean> known = new HashMap<>();

  /** @param answers question id to answer value */
  public Visibility(Catalogue catalogue, Map<String, String> answers) {
    this.byId = catalogue.questionsById();
    this.answers = answers;
  }

  public boolean shows(Question q) {
    Boolean shown = known.get(q.id());
    if (shown == null) {
      Condition c = q.showIf();
      String controlling = c == null ? null : answers.get(c.question());
      shown = c == null
          || (controlling != null && c.in().contains(controlling) && shows(byId.get(c.question())));
      known.put(q.id(), shown);
    }
    return shown;
  }

  /** The ids of the shown questions, in catalogue order. */
  public List<String> shownIds() {
    List<String> ids = new ArrayList<>(byId.size());
    for (Question q : byId.values()) {
      if (shows(q)) {
        ids.add(q.id());
      }
    }
    return ids;
  }
}
