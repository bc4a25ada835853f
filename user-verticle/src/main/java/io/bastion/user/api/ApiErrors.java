package io.bastion.user.api;

import graphql.ErrorClassification;
import graphql.ExecutionResult;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.DataFetcherExceptionHandler;
import graphql.execution.DataFetcherExceptionHandlerParameters;
import graphql.execution.DataFetcherExceptionHandlerResult;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import io.bastion.user.db.Outages;
import io.bastion.user.error.ApiException;
import io.bastion.user.error.ErrorCode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure into a GraphQL error with a message and an {@code extensions.code}: ApiExceptions keep their
 * message and code; a database outage is UNAVAILABLE (retryable); anything unexpected is logged here and reported as
 * INTERNAL without details.
 */
public final class ApiErrors extends SimplePerformantInstrumentation implements DataFetcherExceptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

  @Override
  public CompletableFuture<DataFetcherExceptionHandlerResult> handleException(
      DataFetcherExceptionHandlerParameters params) {
    Throwable e = unwrap(params.getException());
    GraphqlErrorBuilder<?> builder = GraphqlErrorBuilder.newError(params.getDataFetchingEnvironment());
    if (e instanceof ApiException api) {
      builder.message(api.getMessage()).extensions(api.extensions());
    } else if (Outages.isOutage(e)) {
      // The database went away during the request: retryable, and no stack trace for an outage.
      LOG.debug("database unreachable in {}: {}", params.getPath(), e.toString());
      ApiException unavailable = ApiException.unavailable();
      builder.message(unavailable.getMessage()).extensions(unavailable.extensions());
    } else {
      LOG.error("unexpected failure in {}", params.getPath(), e);
      builder.message("internal error").extensions(Map.of("code", ErrorCode.INTERNAL.name()));
    }
    return CompletableFuture.completedFuture(DataFetcherExceptionHandlerResult.newResult(builder.build()).build());
  }

  /** Gives the errors graphql-java raises itself (syntax, validation, bad variables) a code too. */
  @Override
  public CompletableFuture<ExecutionResult> instrumentExecutionResult(ExecutionResult result,
      InstrumentationExecutionParameters parameters, InstrumentationState state) {
    if (result.getErrors().isEmpty()
        || result.getErrors().stream().allMatch(e -> e.getExtensions() != null
            && e.getExtensions().containsKey("code"))) {
      return CompletableFuture.completedFuture(result);
    }
    List<GraphQLError> errors = new ArrayList<>();
    for (GraphQLError error : result.getErrors()) {
      Map<String, Object> ext = error.getExtensions() == null ? new LinkedHashMap<>()
          : new LinkedHashMap<>(error.getExtensions());
      if (!ext.containsKey("code")) {
        ext.put("code", codeOf(error.getErrorType()).name());
        ext.putIfAbsent("classification", String.valueOf(error.getErrorType()));
        error = GraphqlErrorBuilder.newError()
            .message(error.getMessage())
            .locations(error.getLocations())
            .path(error.getPath())
            .errorType(error.getErrorType())
            .extensions(ext)
            .build();
      }
      errors.add(error);
    }
    return CompletableFuture.completedFuture(result.transform(b -> b.errors(errors)));
  }

  private static ErrorCode codeOf(ErrorClassification type) {
    String name = String.valueOf(type);
    if (name.equals("ExecutionAborted")) {
      return ErrorCode.QUERY_TOO_COMPLEX;
    }
    if (name.equals("IntrospectionDisabled")) {
      return ErrorCode.FORBIDDEN; // api.introspection is off
    }
    if (name.equals("DataFetchingException")) {
      return ErrorCode.INTERNAL;
    }
    return ErrorCode.INVALID_INPUT; // InvalidSyntax, ValidationError, OperationNotSupported, bad variables
  }

  static Throwable unwrap(Throwable e) {
    while (e instanceof CompletionException && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }
}
