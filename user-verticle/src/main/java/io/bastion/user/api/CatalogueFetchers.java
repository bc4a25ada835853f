package io.bastion.user.api;

import graphql.schema.DataFetchingEnvironment;
import graphql.schema.idl.RuntimeWiring;
import io.bastion.catalogue.Catalogue;
import io.bastion.catalogue.Catalogues;
import io.bastion.catalogue.CsfFunction;
import io.bastion.catalogue.Language;
import io.bastion.catalogue.Option;
import io.bastion.catalogue.Question;
import io.bastion.catalogue.Recommendation;
import io.bastion.user.report.ReportText;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Catalogues are the same for every account; a caller without a session does not reach them (RequestChecks). Their
 * texts are in the request's language (Fetch.language): the catalogue's translation where it has one, English where
 * not; function names are Bastion's (CsfFunction.title(Language)).
 */
final class CatalogueFetchers {

  private final Catalogues catalogues;

  CatalogueFetchers(Catalogues catalogues) {
    this.catalogues = catalogues;
  }

  void wire(RuntimeWiring.Builder wiring) {
    wiring.type("Catalogue", t -> t.dataFetcher("functions", this::functions));
    wiring.type("Category", t -> t
        .dataFetcher("function", env -> this.<io.bastion.catalogue.Category>source(env).function().name()));
    wiring.type("Question", t -> t
        .dataFetcher("function", env -> this.<Question>source(env).function().name())
        .dataFetcher("functionName", env -> this.<Question>source(env).function().title(Fetch.language(env)))
        .dataFetcher("type", env -> this.<Question>source(env).type().code())
        .dataFetcher("options", env -> this.<Question>source(env).allowedValues())
        .dataFetcher("choices", CatalogueFetchers::choices));
    wiring.type("Recommendation", t -> t
        .dataFetcher("effort", env -> this.<Recommendation>source(env).effort().code())
        .dataFetcher("impact", env -> this.<Recommendation>source(env).impact().code()));
    wiring.type("Condition", t -> t
        .dataFetcher("questionId", env -> this.<io.bastion.catalogue.Condition>source(env).question())
        .dataFetcher("values", env -> this.<io.bastion.catalogue.Condition>source(env).in()));
  }

  List<Catalogue> catalogues(DataFetchingEnvironment env) {
    return catalogues.latestAll(Fetch.language(env));
  }

  Catalogue catalogue(DataFetchingEnvironment env) {
    String id = env.getArgument("id");
    String version = env.getArgument("version");
    Language language = Fetch.language(env);
    return (version == null ? catalogues.latest(id, language) : catalogues.get(id, version, language)).orElse(null);
  }

  private List<Map<String, Object>> functions(DataFetchingEnvironment env) {
    Catalogue c = env.getSource();
    Set<CsfFunction> present = new LinkedHashSet<>();
    for (CsfFunction f : CsfFunction.values()) {
      if (c.questions().stream().anyMatch(q -> q.function() == f)) {
        present.add(f);
      }
    }
    Language language = Fetch.language(env);
    List<Map<String, Object>> list = new ArrayList<>();
    for (CsfFunction f : present) {
      list.add(Map.of("code", f.name(), "name", f.title(language), "weight", c.functionWeight(f)));
    }
    return list;
  }

  /** The options with their labels as a report shows them (Bastion's yes/no words in the request's language). */
  private static List<Map<String, Object>> choices(DataFetchingEnvironment env) {
    Question q = env.getSource();
    Language language = Fetch.language(env);
    List<Map<String, Object>> list = new ArrayList<>(q.options().size());
    for (Option o : q.options()) {
      list.add(Map.of("value", o.value(), "label", ReportText.answerLabel(q, o.value(), language), "score", o.score()));
    }
    return list;
  }

  @SuppressWarnings("unchecked")
  private <T> T source(DataFetchingEnvironment env) {
    return (T) env.getSource();
  }
}
