package io.bastion.user.api;

import graphql.schema.DataFetchingEnvironment;
import graphql.schema.DataFetchingFieldSelectionSet;
import graphql.schema.idl.RuntimeWiring;
import io.bastion.catalogue.Catalogue;
import io.bastion.catalogue.Catalogues;
import io.bastion.catalogue.CsfFunction;
import io.bastion.catalogue.Language;
import io.bastion.user.assessment.ActionItem;
import io.bastion.user.assessment.Actions;
import io.bastion.user.assessment.Actor;
import io.bastion.user.assessment.Answer;
import io.bastion.user.assessment.AnswerChange;
import io.bastion.user.assessment.Assessment;
import io.bastion.user.assessment.AssessmentService;
import io.bastion.user.assessment.SignOff;
import io.bastion.user.assessment.SignOffs;
import io.bastion.user.assessment.Target;
import io.bastion.user.assessment.Targets;
import io.bastion.user.assessment.WhatIfs;
import io.bastion.user.auth.Caller;
import io.bastion.user.report.ReportStore;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

/**
 * Assessments, answers and reports. The entry points (assessment, assessments, answer, answerHistory, signOff)
 * check the caller's grant (startAssessment and deleteAssessment: TeamAssessmentFetchers); nested fields (sign-offs
 * included) are only reachable from an Assessment or a Report the caller may read.
 */
final class AssessmentFetchers {

  /** Report fields served from the summary columns, without loading the report JSON. */
  private static final Set<String> SUMMARY_FIELDS =
      Set.of("assessmentId", "version", "score", "tier", "complete", "createdAt", "__typename");

  private final AssessmentService assessments;
  private final Catalogues catalogues;
  private final ReportStore reports;
  private final AnswerThrottle throttle;
  private final SignOffs signOffs;
  private final Targets targets;
  private final Actions actions;
  private final WhatIfs whatIfs;
  /** What-if costs a security node about a scoring per finding: a few a minute per account. */
  private final AnswerThrottle whatIfThrottle = new AnswerThrottle(WHAT_IF_PER_MINUTE, "what-if requests",
      "what-if-per-account");
  static final int WHAT_IF_PER_MINUTE = 12;

  AssessmentFetchers(AssessmentService assessments, Catalogues catalogues, ReportStore reports,
      AnswerThrottle throttle, SignOffs signOffs, Targets targets, Actions actions, WhatIfs whatIfs) {
    this.catalogues = catalogues;
    this.actions = actions;
    this.whatIfs = whatIfs;
    this.assessments = assessments;
    this.reports = reports;
    this.throttle = throttle;
    this.signOffs = signOffs;
    this.targets = targets;
  }

  void wire(RuntimeWiring.Builder wiring) {
    wiring.type("Assessment", t -> t
        .dataFetcher("catalogue", this::catalogue)
        .dataFetcher("answers", this::answers)
        .dataFetcher("visibleQuestionIds", this::visibleQuestionIds)
        .dataFetcher("reports", this::reports)
        .dataFetcher("latestReport", this::latestReport)
        .dataFetcher("report", this::report)
        .dataFetcher("reportsSince", this::reportsSince)
        .dataFetcher("signOffs", this::signOffs)
        .dataFetcher("targets", this::targets)
        .dataFetcher("actions", this::actions)
        .dataFetcher("whatIf", this::whatIf));
    wiring.type("Report", t -> t
        .dataFetcher("signOff", this::reportSignOff)
        // Reports stored before categories were scored have none: an empty list, as the schema says.
        .dataFetcher("categories", env -> ((Map<?, ?>) env.getSource()).get("categories") instanceof List<?> l
            ? l : List.of()));
    // A target's function name in the request's language, for a Target of a query and a map of the live feed alike.
    wiring.type("FunctionTarget", t -> t.dataFetcher("name", AssessmentFetchers::functionName));
  }

  /** The name of the source's function (its "function" code) in the request's language. */
  private static String functionName(DataFetchingEnvironment env) {
    Object source = env.getSource();
    String code = source instanceof Target t ? t.function()
        : source instanceof Map<?, ?> m ? String.valueOf(m.get("function")) : null;
    Language language = Fetch.language(env);
    return CsfFunction.parse(code).map(f -> f.title(language)).orElse(code);
  }

  CompletionStage<List<Assessment>> assessments(DataFetchingEnvironment env) {
    return Fetch.async(assessments.list(Fetch.authenticated(env).accountId()));
  }

  CompletionStage<Assessment> assessment(DataFetchingEnvironment env) {
    Caller.Authenticated caller = Fetch.authenticated(env);
    return Fetch.async(assessments.get(caller.accountId(), env.getArgument("id")));
  }

  CompletionStage<Answer> answer(DataFetchingEnvironment env) {
    Caller.Authenticated caller = Fetch.authenticated(env);
    throttle.take(caller.accountId());
    // The questions shown after the answer cost a little work, and sometimes a read: only when asked for.
    boolean withVisibility = env.getSelectionSet().contains("visibleQuestionIds");
    return Fetch.async(assessments.answer(actor(env, caller), env.getArgument("assessmentId"),
        env.getArgument("questionId"), env.getArgument("value"), env.getArgument("comment"),
        env.getArgument("expectedVersion"), withVisibility));
  }

  CompletionStage<List<AnswerChange>> answerHistory(DataFetchingEnvironment env) {
    Caller.Authenticated caller = Fetch.authenticated(env);
    return Fetch.async(assessments.history(caller.accountId(), env.getArgument("assessmentId"),
        env.getArgument("questionId")));
  }

  CompletionStage<SignOff> signOff(DataFetchingEnvironment env) {
    Caller.Authenticated caller = Fetch.authenticated(env);
    return Fetch.async(signOffs.signOff(actor(env, caller), env.getArgument("assessmentId"), Fetch.version(env),
        env.getArgument("note")));
  }

  CompletionStage<List<Target>> setTarget(DataFetchingEnvironment env) {
    Caller.Authenticated caller = Fetch.authenticated(env);
    Number score = env.getArgument("score");
    return Fetch.async(targets.set(actor(env, caller), env.getArgument("assessmentId"), env.getArgument("function"),
        score == null ? null : score.doubleValue()));
  }

  CompletionStage<ActionItem> createAction(DataFetchingEnvironment env) {
    Caller.Authenticated caller = Fetch.authenticated(env);
    return Fetch.async(actions.create(actor(env, caller), env.getArgument("assessmentId"), env.getArgument("questionId"),
        env.getArgument("title"), env.getArgument("ownerId"), env.getArgument("dueDate")));
  }

  CompletionStage<ActionItem> updateAction(DataFetchingEnvironment env) {
    Caller.Authenticated caller = Fetch.authenticated(env);
    return Fetch.async(actions.update(actor(env, caller), env.getArgument("id"), env.getArgument("title"),
        env.getArgument("ownerId"), env.getArgument("dueDate"), env.getArgument("status"), env.getArgument("reason")));
  }

  private CompletionStage<List<Map<String, Object>>> whatIf(DataFetchingEnvironment env) {
    whatIfThrottle.take(Fetch.authenticated(env).accountId());
    Assessment a = env.getSource();
    Language language = Fetch.language(env);
    return Fetch.async(whatIfs.of(a, localised(a, language), language));
  }

  private CompletionStage<List<ActionItem>> actions(DataFetchingEnvironment env) {
    return Fetch.async(actions.of(env.getSource()));
  }

  private CompletionStage<List<Target>> targets(DataFetchingEnvironment env) {
    Assessment a = env.getSource();
    return Fetch.async(targets.of(a.id()));
  }

  private static Actor actor(DataFetchingEnvironment env, Caller.Authenticated caller) {
    return new Actor(caller.accountId(), caller.account().email(), Fetch.clientIp(env));
  }

  private CompletionStage<List<SignOff>> signOffs(DataFetchingEnvironment env) {
    Assessment a = env.getSource();
    return Fetch.async(signOffsOf(env, a.id()));
  }

  /** A report's sign-off: from the assessment's sign-offs, read once per request however many reports ask. */
  private CompletionStage<SignOff> reportSignOff(DataFetchingEnvironment env) {
    Map<String, Object> report = env.getSource();
    UUID assessmentId = UUID.fromString(String.valueOf(report.get("assessmentId")));
    long version = ((Number) report.get("version")).longValue();
    return Fetch.async(signOffsOf(env, assessmentId)
        .map(list -> list.stream().filter(s -> s.version() == version).findFirst().orElse(null)));
  }

  /**
   * The sign-offs of an assessment reached through a checked entry point, memoised in the request's context: a
   * page of reports asks once, not once per report.
   */
  private Future<List<SignOff>> signOffsOf(DataFetchingEnvironment env, UUID assessmentId) {
    return env.getGraphQlContext().computeIfAbsent(new SignOffsKey(assessmentId), k -> signOffs.of(assessmentId));
  }

  /** The request-context key of an assessment's sign-offs. */
  private record SignOffsKey(UUID assessmentId) {
  }

  private Catalogue catalogue(DataFetchingEnvironment env) {
    return localised(env.getSource(), Fetch.language(env));
  }

  /** The assessment's catalogue version with its texts in {@code language} (English where it has none). */
  private Catalogue localised(Assessment a, Language language) {
    return catalogues.get(a.catalogueId(), a.catalogueVersion(), language)
        .orElseGet(() -> assessments.catalogueOf(a));
  }

  private CompletionStage<List<Answer>> answers(DataFetchingEnvironment env) {
    return Fetch.async(assessments.answers(env.getSource()));
  }

  private CompletionStage<List<String>> visibleQuestionIds(DataFetchingEnvironment env) {
    return Fetch.async(assessments.visibleQuestionIds(env.getSource()));
  }

  private CompletionStage<List<Map<String, Object>>> reports(DataFetchingEnvironment env) {
    Assessment a = env.getSource();
    int first = ReportPage.size(env.getArgument(ReportPage.FIRST));
    Integer after = env.getArgument(ReportPage.AFTER);
    long from = after == null ? 0 : after;
    Future<List<Map<String, Object>>> list = onlySummary(env.getSelectionSet())
        ? reports.summaries(a.id(), from, first)
        : reports.after(a.id(), from, first, Fetch.language(env));
    return Fetch.async(list);
  }

  private CompletionStage<Map<String, Object>> latestReport(DataFetchingEnvironment env) {
    Assessment a = env.getSource();
    return Fetch.async(reports.latest(a.id(), Fetch.language(env)));
  }

  private CompletionStage<Map<String, Object>> report(DataFetchingEnvironment env) {
    Assessment a = env.getSource();
    return Fetch.async(reports.version(a.id(), Fetch.version(env), Fetch.language(env)));
  }

  private CompletionStage<List<Map<String, Object>>> reportsSince(DataFetchingEnvironment env) {
    Assessment a = env.getSource();
    int first = ReportPage.size(env.getArgument(ReportPage.FIRST));
    return Fetch.async(reports.after(a.id(), Fetch.version(env), first, Fetch.language(env)));
  }

  private static boolean onlySummary(DataFetchingFieldSelectionSet selection) {
    return selection.getImmediateFields().stream().allMatch(f -> SUMMARY_FIELDS.contains(f.getName()));
  }
}
