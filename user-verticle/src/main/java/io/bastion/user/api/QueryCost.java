package io.bastion.user.api;

import graphql.analysis.FieldComplexityCalculator;
import graphql.analysis.FieldComplexityEnvironment;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLType;
import io.bastion.catalogue.Catalogue;
import io.bastion.catalogue.Catalogues;
import io.bastion.catalogue.CsfFunction;
import io.bastion.catalogue.Question;
import java.util.Map;

/**
 * What a field costs: the values it can put in the response. A list field counts as many times its selection as
 * it can return elements (a catalogue's questions as the questions of the largest catalogue loaded, a page of
 * reports as its page size), so that aliases of one list multiply the count the way they multiply the response.
 * The sizes come from the loaded catalogues, which bound every list derived from them.
 */
final class QueryCost implements FieldComplexityCalculator {

  /** Assessments of one account: not paginated; counted as this many (the page's home view asks for a summary). */
  static final int ASSESSMENTS = 50;
  /** Organisations of one account, and members and pending invitations of one: not paginated; counted as this. */
  static final int ORGANISATIONS = 20;
  static final int MEMBERS = 50;

  /** Quick wins of one report (the scorer's MAX_QUICK_WINS, with room). */
  static final int QUICK_WINS = 10;

  /** Elements counted per question for Assessment.whatIf: a scoring each, not just a value in the response. */
  static final int WHAT_IF_WEIGHT = 5;

  private final Map<String, Integer> sizes;
  private final int otherLists;
  /** Questions per catalogue on average, rounded up: what each element of the list of all catalogues holds. */
  private final int questionsPerCatalogue;

  QueryCost(Catalogues catalogues) {
    int questions = 1;
    int choices = 1;
    int references = 1;
    int categories = 1;
    int latestQuestions = 0;
    for (Catalogue c : catalogues.latestAll()) {
      latestQuestions += c.questions().size();
    }
    int latestCount = Math.max(1, catalogues.latestAll().size());
    this.questionsPerCatalogue = Math.max(1, (latestQuestions + latestCount - 1) / latestCount);
    for (Catalogue c : catalogues.all()) {
      questions = Math.max(questions, c.questions().size());
      categories = Math.max(categories, c.categories().size());
      for (Question q : c.questions()) {
        choices = Math.max(choices, q.options().size() + 1); // na
        references = Math.max(references, q.references().size());
      }
    }
    int functions = CsfFunction.values().length;
    this.otherLists = questions;
    this.sizes = Map.ofEntries(
        Map.entry("Query.catalogues", Math.max(1, catalogues.latestAll().size())),
        Map.entry("Query.assessments", ASSESSMENTS),
        Map.entry("Query.organisations", ORGANISATIONS),
        Map.entry("Organisation.members", MEMBERS),
        Map.entry("Organisation.invitations", MEMBERS),
        Map.entry("Catalogue.functions", functions),
        Map.entry("Catalogue.categories", categories),
        Map.entry("Report.categories", categories),
        Map.entry("Catalogue.questions", questions),
        Map.entry("Question.options", choices),
        Map.entry("Question.choices", choices),
        Map.entry("Question.references", references),
        Map.entry("Condition.values", choices),
        Map.entry("Assessment.answers", questions),
        Map.entry("Assessment.visibleQuestionIds", questions),
        Map.entry("Answer.visibleQuestionIds", questions),
        Map.entry("Assessment.targets", functions),
        Map.entry("Assessment.actions", io.bastion.user.assessment.Actions.MAX_ITEMS),
        // Each option is a scoring on a security node: counted five times, so that what-ifs of a list of
        // assessments are refused while one assessment's (the page's) passes.
        Map.entry("Assessment.whatIf", questions * WHAT_IF_WEIGHT),
        Map.entry("Assessment.evidence", io.bastion.user.evidence.Evidences.MAX_ITEMS),
        Map.entry("Assessment.expiredEvidence", io.bastion.user.evidence.Evidences.MAX_ITEMS),
        Map.entry("WhatIf.functions", functions),
        Map.entry("Report.functions", functions),
        Map.entry("Report.findings", questions),
        Map.entry("Report.quickWins", QUICK_WINS),
        Map.entry("Finding.references", references),
        Map.entry("Delta.functions", functions),
        Map.entry("Delta.improved", questions),
        Map.entry("Delta.regressed", questions));
  }

  @Override
  public int calculate(FieldComplexityEnvironment env, int childComplexity) {
    long total = (long) elements(env) * (1L + childComplexity);
    return (int) Math.min(Integer.MAX_VALUE, total); // saturates: lists of lists must not wrap around
  }

  /** How many elements the field can return: 1 unless it is a list. */
  private int elements(FieldComplexityEnvironment env) {
    if (!isList(env.getFieldDefinition().getType())) {
      return 1;
    }
    String parent = env.getParentType().getName();
    if (parent.startsWith("__")) {
      // Introspection: its lists are bounded by the schema, not by data (a whole schema is some tens of KB); with
      // the alias bound a request gets at most a few copies of it.
      return 1;
    }
    String coordinate = parent + "." + env.getFieldDefinition().getName();
    if (coordinate.equals("Catalogue.questions") && inListOfAllCatalogues(env)) {
      // The list of all catalogues holds each once: their questions are their sum, counted here as the average
      // times their number, not as the largest catalogue's times their number (csf-2.0's 106 questions would
      // otherwise count for every catalogue listed).
      return questionsPerCatalogue;
    }
    if (coordinate.equals("Assessment.reports") || coordinate.equals("Assessment.reportsSince")) {
      return ReportPage.cost(env.getArguments().get(ReportPage.FIRST));
    }
    // A list added to the schema without a line here counts as long as the longest catalogue.
    return sizes.getOrDefault(coordinate, otherLists);
  }

  private static boolean inListOfAllCatalogues(FieldComplexityEnvironment env) {
    FieldComplexityEnvironment parent = env.getParentEnvironment();
    return parent != null && parent.getParentType().getName().equals("Query")
        && parent.getFieldDefinition().getName().equals("catalogues");
  }

  private static boolean isList(GraphQLType type) {
    GraphQLType t = type instanceof GraphQLNonNull nonNull ? nonNull.getWrappedType() : type;
    return t instanceof GraphQLList;
  }
}
