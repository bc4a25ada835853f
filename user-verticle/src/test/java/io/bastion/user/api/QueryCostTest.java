package io.bastion.user.api;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.analysis.QueryComplexityCalculator;
import graphql.execution.CoercedVariables;
import graphql.parser.Parser;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import io.bastion.catalogue.Catalogue;
import io.bastion.catalogue.CatalogueLoader;
import io.bastion.catalogue.Catalogues;
import io.bastion.user.testing.UserNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What QueryCost counts for the page's queries and for every catalogue with its questions, with the shipped
 * catalogues (csf-2.0's 106 questions the largest), computed the way the complexity limit computes it.
 */
class QueryCostTest {

  private static final Catalogues SHIPPED = shipped();
  private static final GraphQLSchema SCHEMA = schema();

  @Test
  void everyCatalogueWithItsQuestionsCountsTheirSumNotTheLargestTimesTheirNumber() {
    int catalogues = SHIPPED.latestAll().size();
    int total = SHIPPED.latestAll().stream().mapToInt(c -> c.questions().size()).sum();
    int largest = SHIPPED.latestAll().stream().mapToInt(c -> c.questions().size()).max().orElseThrow();
    assertThat(largest).as("csf-2.0").isEqualTo(106);
    int cost = cost("{ catalogues { questions { id } } }");
    // Each catalogue 1, each question 1 + its id: at least what the response can hold.
    assertThat(cost).isGreaterThanOrEqualTo(catalogues + 2 * total)
        .isLessThanOrEqualTo(catalogues * (1 + 2 * ((total + catalogues - 1) / catalogues)))
        .isLessThan(catalogues * (1 + 2 * largest));
    // One catalogue, whichever: it may be the largest.
    assertThat(cost("{ catalogue(id: \"csf-2.0\") { questions { id } } }")).isEqualTo(1 + 2 * largest);
    assertThat(cost("{ assessment(id: \"x\") { catalogue { questions { id } } } }")).isEqualTo(2 + 2 * largest);
  }

  @Test
  void everyQueryOfThePageStaysUnderTheLimitWithTheLargestCatalogue() {
    Map<String, String> documents = PageQueries.read(UserNode.repositoryRoot().resolve("webroot"));
    Map<String, Integer> costs = new HashMap<>();
    documents.forEach((where, document) -> costs.put(where, cost(document, PageQueries.variables(document))));
    String largest = costs.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    // With csf-2.0 the largest is the catch-up of three full reports (106 findings each): about 15,400 of 20,000.
    assertThat(costs.get(largest)).as("%s: %s", largest, documents.get(largest))
        .isLessThan(GraphQLApi.MAX_COMPLEXITY);
    assertThat(costs.values().stream().filter(c -> c > GraphQLApi.MAX_COMPLEXITY * 4 / 5))
        .as("page queries within a fifth of the limit: %s", costs).isEmpty();
  }

  @Test
  void whatIfsOfAListOfAssessmentsAreRefusedWhileOneAssessmentsPass() {
    assertThat(cost("{ assessments { whatIf { questionId } } }")).isGreaterThan(GraphQLApi.MAX_COMPLEXITY);
    assertThat(cost("{ assessment(id: \"x\") { whatIf { questionId recommendation score gain tier tierName "
        + "effort } } }")).isLessThan(GraphQLApi.MAX_COMPLEXITY / 4);
  }

  private static int cost(String document) {
    return cost(document, Map.of());
  }

  private static int cost(String document, Map<String, String> variableTypes) {
    Map<String, Object> variables = new HashMap<>();
    // Made-up values of the right types: only a page size ("first") changes the count, and the page asks 1 or a
    // constant written into the document.
    variableTypes.forEach((name, type) -> variables.put(name, type.startsWith("Int") ? (Object) 1
        : type.startsWith("Role") ? "EDITOR" : type.startsWith("Boolean") ? (Object) true : "x"));
    return QueryComplexityCalculator.newCalculator().schema(SCHEMA).fieldComplexityCalculator(new QueryCost(SHIPPED))
        .document(Parser.parse(document)).variables(CoercedVariables.of(variables)).build().calculate();
  }

  private static Catalogues shipped() {
    try {
      return CatalogueLoader.loadDirectory(UserNode.repositoryRoot().resolve("conf/catalogues"));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static GraphQLSchema schema() {
    try (InputStream in = GraphQLApi.class.getResourceAsStream("/graphql/schema.graphqls")) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return new SchemaGenerator().makeExecutableSchema(new SchemaParser().parse(text), RuntimeWiring.MOCKED_WIRING);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
