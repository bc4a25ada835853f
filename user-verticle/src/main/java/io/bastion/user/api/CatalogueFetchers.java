package io.bastion.user.api;

import graphql.schema.DataFetchingEnvironment;
import graphql.schema.idl.RuntimeWiring;
import io.bastion.catalogue.Catalogue;
import io.bastion.catalogue.Catalogues;
import io.bastion.catalogue.CsfFunction;
import io.bastion.catalogue.Question;
import io.bastion.catalogue.Recommendation;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Catalogues are the same for every account; a caller without a session does not reach them (RequestChecks). */
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
        .dataFetcher("functionName", env -> this.<Question>source(env).function().title())
        .dataFetcher("type", env -> this.<Question>source(env).type().code())
        .dataFetcher("options", env -> this.<Question>source(env).allowedValues())
        .dataFetcher("choices", env -> this.<Question>source(env).options()));
    wiring.type("Recommendation", t -> t
        .dataFetcher("effort", env -> this.<Recommendation>source(env).effort().code())
        .dataFetcher("impact", env -> this.<Recommendation>source(env).impact().code()));
    wiring.type("Condition", t -> t
        .dataFetcher("questionId", env -> this.<io.bastion.catalogue.Condition>source(env).question())
        .dataFetcher("values", env -> this.<io.bastion.catalogue.Condition>source(env).in()));
  }

  List<Catalogue> catalogues(DataFetchingEnvironment env) {
    return catalogues.latestAll();
  }

  Catalogue catalogue(DataFetchingEnvironment env) {
    String id = env.getArgument("id");
    String version = env.getArgument("version");
    return (version == null ? catalogues.latest(id) : catalogues.get(id, version)).orElse(null);
  }

  private List<Map<String, Object>> functions(DataFetchingEnvironment env) {
    Catalogue c = env.getSource();
    Set<CsfFunction> present = new LinkedHashSet<>();
    for (CsfFunction f : CsfFunction.values()) {
      if (c.questions().stream().anyMatch(q -> q.function() == f)) {
        present.add(f);
      }
    }
    List<Map<String, Object>> list = new ArrayList<>();
    for (CsfFunction f : present) {
      list.add(Map.of("code", f.name(), "name", f.title(), "weight", c.functionWeight(f)));
    }
    return list;
  }

  @SuppressWarnings("unchecked")
  private <T> T source(DataFetchingEnvironment env) {
    return (T) env.getSource();
  }
}
