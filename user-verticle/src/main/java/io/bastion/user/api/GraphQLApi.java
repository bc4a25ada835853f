package io.bastion.user.api;

import graphql.GraphQL;
import graphql.execution.instrumentation.ChainedInstrumentation;
import graphql.execution.instrumentation.Instrumentation;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import io.bastion.catalogue.Catalogues;
import io.bastion.user.assessment.Actions;
import io.bastion.user.evidence.Evidences;
import io.bastion.user.assessment.AssessmentService;
import io.bastion.user.assessment.SignOffs;
import io.bastion.user.assessment.Targets;
import io.bastion.user.assessment.WhatIfs;
import io.bastion.user.auth.AccessWatch;
import io.bastion.catalogue.Language;
import io.bastion.user.auth.Caller;
import io.bastion.user.web.RequestLanguage;
import io.bastion.user.auth.LiveSockets;
import io.bastion.user.error.ApiException;
import io.bastion.user.error.ErrorCode;
import io.bastion.user.organisation.AssessmentAccess;
import io.bastion.user.organisation.Role;
import io.bastion.user.report.AssessmentEvents;
import io.bastion.user.report.AssessmentFeed;
import io.bastion.user.report.ReportPublisher;
import io.bastion.user.report.ReportStore;
import io.bastion.user.report.ReportText;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.graphql.GraphQLHandler;
import io.vertx.ext.web.handler.graphql.ws.GraphQLWSHandler;
import io.vertx.ext.web.handler.graphql.ws.GraphQLWSOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.reactivestreams.Publisher;

/** The GraphQL schema (resources/graphql/schema.graphqls), its data fetchers and the HTTP and WebSocket handlers. */
public final class GraphQLApi {

  /** GraphQL context key: true when the operation came over the WebSocket. */
  static final String WEBSOCKET = "bastion.websocket";
  /** GraphQL context key of the caller, put there by both handlers below (see Fetch.caller). */
  static final Class<Caller> CALLER = Caller.class;
  public static final int MAX_DEPTH = 12;
  /**
   * The most values an operation may put in its response, lists counted at their largest (see QueryCost). With
   * the shipped catalogues every query of the page needs less than 16,000 (the largest: three full reports to catch
   * up, each up to csf-2.0's 106 findings; QueryCostTest computes them, GraphQLCostTest runs them), while eight
   * aliases of every catalogue with its questions are over the limit (and 86, the amplification query of issue 11,
   * over the alias bound too).
   */
  public static final int MAX_COMPLEXITY = 20_000;

  private final Vertx vertx;
  private final AssessmentService assessments;
  private final LiveSockets live;
  private final SubscriptionQuota subscriptions;
  private final AssessmentAccess access;
  private final AccessWatch watch;
  /** The words of the reports the subscriptions deliver: the live feed carries their facts only. */
  private final ReportText words;
  private final GraphQL graphQL;

  public GraphQLApi(Vertx vertx, AccountFetchers accountFetchers, FactorFetchers factorFetchers,
      AssessmentService assessments, ReportStore reports, Catalogues catalogues, LiveSockets live,
      ApiSettings settings, boolean introspection,
      OrganisationFetchers organisationFetchers,
      TeamAssessmentFetchers teamAssessmentFetchers,
      SignOffs signOffs, Targets targets, Actions actions,
      AssessmentAccess access, AccessWatch watch,
      AuditFetchers auditFetchers, Evidences evidences) {
    this.vertx = vertx;
    this.access = access;
    this.watch = watch;
    this.assessments = assessments;
    this.live = live;
    this.words = new ReportText(catalogues);
    this.subscriptions = new SubscriptionQuota(settings.subscriptionsPerSocket());
    CatalogueFetchers catalogueFetchers = new CatalogueFetchers(catalogues);
    AssessmentFetchers assessmentFetchers = new AssessmentFetchers(assessments, catalogues, reports,
        new AnswerThrottle(settings.answersPerAccountPerMinute()),
        signOffs, targets, actions, new WhatIfs(assessments, vertx.eventBus()));

    EvidenceFetchers evidenceFetchers = new EvidenceFetchers(evidences);

    RuntimeWiring.Builder wiring = RuntimeWiring.newRuntimeWiring()
        .type("Query", t -> t
            .dataFetcher("me", accountFetchers::me)
            .dataFetcher("sessions", accountFetchers::sessions)
            .dataFetcher("catalogues", catalogueFetchers::catalogues)
            .dataFetcher("catalogue", catalogueFetchers::catalogue)
            .dataFetcher("assessments", assessmentFetchers::assessments)
            .dataFetcher("assessment", assessmentFetchers::assessment)
            .dataFetcher("organisations", organisationFetchers::organisations)
            .dataFetcher("answerHistory", assessmentFetchers::answerHistory)
            .dataFetcher("passkeys", factorFetchers::passkeys)
            .dataFetcher("twoStepEnabled", factorFetchers::twoStepEnabled)
            .dataFetcher("auditLog", auditFetchers::auditLog)
            .dataFetcher("verifyAuditLog", auditFetchers::verifyAuditLog))
        .type("Mutation", t -> t
            .dataFetcher("signUp", accountFetchers::signUp)
            .dataFetcher("logIn", accountFetchers::logIn)
            .dataFetcher("logOut", accountFetchers::logOut)
            .dataFetcher("changePassword", accountFetchers::changePassword)
            .dataFetcher("setLanguage", accountFetchers::setLanguage)
            .dataFetcher("deleteAccount", organisationFetchers::deleteAccount)
            .dataFetcher("endSession", accountFetchers::endSession)
            .dataFetcher("requestPasswordReset", accountFetchers::requestPasswordReset)
            .dataFetcher("resetPassword", accountFetchers::resetPassword)
            .dataFetcher("startAssessment", teamAssessmentFetchers::start)
            .dataFetcher("deleteAssessment", teamAssessmentFetchers::delete)
            .dataFetcher("createOrganisation", organisationFetchers::create)
            .dataFetcher("invite", organisationFetchers::invite)
            .dataFetcher("revokeInvitation", organisationFetchers::revokeInvitation)
            .dataFetcher("acceptInvitation", organisationFetchers::acceptInvitation)
            .dataFetcher("changeRole", organisationFetchers::changeRole)
            .dataFetcher("removeMember", organisationFetchers::removeMember)
            .dataFetcher("leaveOrganisation", organisationFetchers::leaveOrganisation)
            .dataFetcher("answer", assessmentFetchers::answer)
            .dataFetcher("signOff", assessmentFetchers::signOff)
            .dataFetcher("setTarget", assessmentFetchers::setTarget)
            .dataFetcher("createAction", assessmentFetchers::createAction)
            .dataFetcher("updateAction", assessmentFetchers::updateAction)
            .dataFetcher("addEvidenceLink", evidenceFetchers::addLink)
            .dataFetcher("removeEvidence", evidenceFetchers::remove)
            .dataFetcher("completeLogIn", factorFetchers::completeLogIn)
            .dataFetcher("passkeyLoginOptions", factorFetchers::passkeyLoginOptions)
            .dataFetcher("logInWithPasskey", factorFetchers::logInWithPasskey)
            .dataFetcher("passkeyRegistrationOptions", factorFetchers::passkeyRegistrationOptions)
            .dataFetcher("registerPasskey", factorFetchers::registerPasskey)
            .dataFetcher("removePasskey", factorFetchers::removePasskey)
            .dataFetcher("startTwoStep", factorFetchers::startTwoStep)
            .dataFetcher("confirmTwoStep", factorFetchers::confirmTwoStep)
            .dataFetcher("disableTwoStep", factorFetchers::disableTwoStep))
        .type("Account", t -> t.dataFetcher("language", AccountFetchers::language))
        .type("Subscription", t -> t
            .dataFetcher("reportCreated", this::reportCreated)
            .dataFetcher("assessmentChanged", this::assessmentChanged));
    catalogueFetchers.wire(wiring);
    assessmentFetchers.wire(wiring);
    organisationFetchers.wire(wiring);
    teamAssessmentFetchers.wire(wiring);
    evidenceFetchers.wire(wiring);

    TypeDefinitionRegistry types = new SchemaParser().parse(schemaText());
    GraphQLSchema schema = new SchemaGenerator().makeExecutableSchema(types, wiring.build());
    ApiErrors errors = new ApiErrors();
    List<Instrumentation> instrumentations = new ArrayList<>(List.of(
        new RequestChecks(), // first: the cheap refusals come before the complexity count
        QueryLimits.depth(MAX_DEPTH),
        QueryLimits.complexity(MAX_COMPLEXITY, new QueryCost(catalogues)),
        errors));
    if (!introspection) {
      instrumentations.add(1, new IntrospectionGate()); // api.introspection off: no __schema, no __type
    }
    this.graphQL = GraphQL.newGraphQL(schema)
        .defaultDataFetcherExceptionHandler(errors)
        .preparsedDocumentProvider(new DocumentCache())
        .instrumentation(new ChainedInstrumentation(instrumentations))
        .build();
  }

  /** POST /graphql: the caller comes from the routing context (the web layer authenticates before). */
  public GraphQLHandler httpHandler() {
    return GraphQLHandler.builder(graphQL)
        .beforeExecute(ctx -> {
          RoutingContext rc = ctx.context();
          Caller caller = rc.get(Caller.ROUTING_CONTEXT_KEY);
          ctx.builder().graphQLContext(Map.of(CALLER, caller == null ? Caller.ANONYMOUS : caller,
              Language.class, RequestLanguage.of(rc)));
        })
        .build();
  }

  /**
   * The close code of a GraphQL WebSocket whose connection_init could not be checked because the database is
   * unreachable (graphql-transport-ws has no error message for connection_init): the client keeps its session and
   * connects again later; 4401 alone means the session is gone.
   */
  public static final short UNAVAILABLE_CLOSE = 4503;
  /** The close code when checking connection_init's session failed on our side (a bug): not 4401 either. */
  public static final short INTERNAL_CLOSE = 4500;

  /** WebSocket /graphql (graphql-transport-ws): the token arrives in connection_init as {"token": "..."}. */
  public GraphQLWSHandler webSocketHandler() {
    return GraphQLWSHandler.builder(graphQL)
        .with(new GraphQLWSOptions().setConnectionInitWaitTimeout(10_000))
        .onConnectionInit(init -> {
          Object payload = init.message().message().getValue("payload");
          String token = payload instanceof io.vertx.core.json.JsonObject json ? json.getString("token") : null;
          ServerWebSocket socket = init.message().socket();
          live.admit(socket, token, caller -> true, () -> socket.close((short) 4401, "session ended"))
              .onComplete(ar -> {
                if (ar.succeeded() && ar.result() instanceof Caller.Authenticated caller) {
                  init.complete(caller);
                } else if (ar.succeeded() && ar.result() instanceof Caller.Unavailable) {
                  // Not 4401 (which tells the client its session is gone): closed first with our own code, the
                  // handler's 4401 after it goes nowhere.
                  socket.close(UNAVAILABLE_CLOSE, "UNAVAILABLE: " + ApiException.UNAVAILABLE_MESSAGE)
                      .onComplete(closed -> init.fail("unavailable"));
                } else if (ar.succeeded() && ar.result() instanceof Caller.Failed) {
                  socket.close(INTERNAL_CLOSE, "INTERNAL: " + ApiException.INTERNAL_MESSAGE)
                      .onComplete(closed -> init.fail("internal"));
                } else {
                  init.fail("unauthorized");
                }
              });
        })
        .onSocketEnd(socket -> {
          live.unregister(socket);
          subscriptions.forget(socket);
        })
        .beforeExecute(ctx -> {
          Object params = ctx.context().connectionParams();
          ctx.builder().graphQLContext(Map.of(
              CALLER, params instanceof Caller c ? c : Caller.ANONYMOUS,
              WEBSOCKET, Boolean.TRUE,
              ServerWebSocket.class, ctx.context().socket(),
              Language.class, RequestLanguage.of(ctx.context().socket().headers())));
        })
        .build();
  }

  /**
   * The reports of an assessment the caller may read (VIEWER+; NOT_FOUND for anyone else, like a missing id). The
   * socket's quota of open subscriptions is taken then; the subscription ends with NOT_FOUND when access ends.
   */
  private CompletionStage<Publisher<Map<String, Object>>> reportCreated(DataFetchingEnvironment env) {
    Language language = Fetch.language(env);
    return subscribe(env, grant -> ReportPublisher.of(vertx, grant.assessmentId(), words, language));
  }

  /** Everything on the assessment's live feed (reports, answers, presence), with the same rules as reportCreated. */
  private CompletionStage<Publisher<Map<String, Object>>> assessmentChanged(DataFetchingEnvironment env) {
    Language language = Fetch.language(env);
    return subscribe(env, grant -> new AssessmentFeed(vertx, grant.assessmentId(),
        () -> new AssessmentEvents(words, language)));
  }

  private CompletionStage<Publisher<Map<String, Object>>> subscribe(DataFetchingEnvironment env,
      Function<AssessmentAccess.Grant, AssessmentFeed> feed) {
    Caller.Authenticated caller = Fetch.authenticated(env);
    ServerWebSocket socket = env.getGraphQlContext().get(ServerWebSocket.class);
    if (socket == null) {
      throw ApiException.forbidden(io.bastion.user.error.Reason.SUBSCRIPTION_OVER_HTTP,
          "subscriptions are served over the WebSocket /graphql only");
    }
    long seen = watch.changes(); // before the grant is read: a change after it makes the feed check again
    return Fetch.async(access.require(caller.accountId(), env.getArgument("assessmentId"), Role.VIEWER)
        .map(grant -> subscriptions.admit(socket,
            feed.apply(grant).endWhenLost(watch, caller.accountId(), grant, seen))));
  }

  private static String schemaText() {
    try (InputStream in = GraphQLApi.class.getResourceAsStream("/graphql/schema.graphqls")) {
      if (in == null) {
        throw new IllegalStateException("graphql/schema.graphqls missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
