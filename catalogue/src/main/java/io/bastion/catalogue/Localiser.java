package io.bastion.catalogue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Makes a catalogue's copy in another language: the same id, version, sha256, questions, weights, references,
 * conditions and option values and scores, with each text replaced by its translation where there is one and kept
 * English where not. Checks the translation against its catalogue (every id it names must exist, levels and options
 * only where the question has them) and lists the texts it lacks, as paths such as {@code gv-owner.help}.
 */
final class Localiser {

  /** A catalogue in a language and the texts its translation lacks (shown in English). */
  record Localised(Catalogue catalogue, List<String> missing) {
    Localised {
      missing = List.copyOf(missing);
    }
  }

  private Localiser() {
  }

  /** A catalogue without a translation file in a language: English texts, Bastion's own words in the language. */
  static Catalogue builtInWordsOnly(Catalogue en, Language language) {
    List<Question> questions = new ArrayList<>();
    for (Question q : en.questions()) {
      questions.add(q.type() == AnswerType.YESNO ? withTexts(q, q.text(), q.help(), q.recommendation().text(),
          BuiltInWords.yesNoOptions(language)) : q);
    }
    return new Catalogue(en.id(), en.version(), en.title(), en.description(), en.audience(), en.functionWeights(),
        questions, en.categories(), en.sha256());
  }

  /** Applies a translation; a translation that does not fit its catalogue fails with every problem at once. */
  static Localised localise(Catalogue en, Translation t) {
    List<String> problems = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    checkIds(en, t, problems);

    String title = text(t.title(), en.title(), "title", missing);
    String description = text(t.description(), en.description(), "description", missing);
    String audience = en.audience() == null || en.audience().isBlank() ? en.audience()
        : text(t.audience(), en.audience(), "audience", missing);
    if (t.audience() != null && (en.audience() == null || en.audience().isBlank())) {
      problems.add("translation: audience given, but the catalogue has none in English");
    }

    List<Category> categories = new ArrayList<>();
    for (Category c : en.categories()) {
      categories.add(new Category(c.id(), c.function(),
          text(t.categories().get(c.id()), c.title(), "category " + c.id(), missing)));
    }

    List<Question> questions = new ArrayList<>();
    Translation.QuestionTexts none = new Translation.QuestionTexts(null, null, null, null, Map.of());
    for (Question q : en.questions()) {
      questions.add(question(q, t.questions().getOrDefault(q.id(), none), t.language(), problems, missing));
    }
    if (!problems.isEmpty()) {
      throw new CatalogueException(t.source(), problems);
    }
    return new Localised(new Catalogue(en.id(), en.version(), title, description, audience, en.functionWeights(),
        questions, categories, en.sha256()), missing);
  }

  private static void checkIds(Catalogue en, Translation t, List<String> problems) {
    Set<String> questionIds = en.questionsById().keySet();
    for (String id : t.questions().keySet()) {
      if (!questionIds.contains(id)) {
        problems.add("question '" + id + "': not a question of " + en.key());
      }
    }
    for (String id : t.categories().keySet()) {
      if (en.category(id).isEmpty()) {
        problems.add("category '" + id + "': not a category of " + en.key()
            + (en.categories().isEmpty() ? " (it has none)" : ""));
      }
    }
  }

  private static Question question(Question q, Translation.QuestionTexts t, Language language, List<String> problems,
      List<String> missing) {
    String where = "question '" + q.id() + "'";
    String text = text(t.text(), q.text(), q.id() + ".text", missing);
    String help = q.help();
    if (q.help() != null && !q.help().isBlank()) {
      help = text(t.help(), q.help(), q.id() + ".help", missing);
    } else if (t.help() != null) {
      problems.add(where + ": help given, but the question has none in English");
    }
    String recommendation = text(t.recommendation(), q.recommendation().text(), q.id() + ".recommendation",
        missing);
    if (t.levels() != null && q.type() != AnswerType.MATURITY) {
      problems.add(where + ": levels given, but it is a " + q.type().code() + " question");
    }
    if (!t.options().isEmpty() && q.type() != AnswerType.CHOICE) {
      problems.add(where + ": options given, but it is a " + q.type().code() + " question");
    }
    List<Option> options = switch (q.type()) {
      case YESNO -> BuiltInWords.yesNoOptions(language);
      case MATURITY -> levels(q, t.levels(), where, problems, missing);
      case CHOICE -> choices(q, t.options(), where, problems, missing);
    };
    return withTexts(q, text, help, recommendation, options);
  }

  private static List<Option> levels(Question q, List<String> labels, String where, List<String> problems,
      List<String> missing) {
    if (labels == null) {
      missing.add(q.id() + ".levels");
      return q.options();
    }
    if (labels.size() != q.options().size()) {
      problems.add(where + ": levels has " + labels.size() + " labels, the English question "
          + q.options().size());
      return q.options();
    }
    List<Option> options = new ArrayList<>();
    for (int i = 0; i < labels.size(); i++) {
      Option o = q.options().get(i);
      options.add(new Option(o.value(), text(labels.get(i), o.label(), q.id() + ".levels." + i, missing),
          o.score()));
    }
    return options;
  }

  private static List<Option> choices(Question q, Map<String, String> labels, String where, List<String> problems,
      List<String> missing) {
    for (String value : labels.keySet()) {
      if (q.option(value).isEmpty()) {
        problems.add(where + ": option '" + value + "' is not one of its options ("
            + String.join(", ", q.options().stream().map(Option::value).toList()) + ")");
      }
    }
    List<Option> options = new ArrayList<>();
    for (Option o : q.options()) {
      options.add(new Option(o.value(), text(labels.get(o.value()), o.label(), q.id() + ".options." + o.value(),
          missing), o.score()));
    }
    return options;
  }

  private static Question withTexts(Question q, String text, String help, String recommendation,
      List<Option> options) {
    Recommendation r = q.recommendation();
    return new Question(q.id(), q.function(), text, help, q.type(), options, q.allowNa(), q.weight(),
        q.references(), new Recommendation(recommendation, r.effort(), r.impact()), q.showIf(), q.category());
  }

  /** The translated text, or the English one with its path noted as missing. */
  private static String text(String translated, String english, String path, List<String> missing) {
    if (translated != null) {
      return translated;
    }
    missing.add(path);
    return english;
  }
}
