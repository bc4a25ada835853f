package io.bastion.catalogue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One question of a catalogue; validated by {@link CatalogueLoader}. {@code category} is the id of one of the
 * catalogue's categories, or null when the catalogue has none.
 */
public record Question(
    String id,
    CsfFunction function,
    String text,
    String help,
    AnswerType type,
    List<Option> options,
    boolean allowNa,
    double weight,
    List<Reference> references,
    Recommendation recommendation,
    Condition showIf,
    String category) {

  public static final String NA = "na";

  public Question {
    options = List.copyOf(options);
    references = List.copyOf(references);
  }

  public Optional<Option> option(String value) {
    for (Option o : options) {
      if (o.value().equals(value)) {
        return Optional.of(o);
      }
    }
    return Optional.empty();
  }

  /** Every value an answer may take, {@code na} last when allowed. */
  public List<String> allowedValues() {
    List<String> values = new ArrayList<>(options.size() + 1);
    for (Option o : options) {
      values.add(o.value());
    }
    if (allowNa) {
      values.add(NA);
    }
    return values;
  }

  public boolean allows(String value) {
    return (allowNa && NA.equals(value)) || option(value).isPresent();
  }
}
