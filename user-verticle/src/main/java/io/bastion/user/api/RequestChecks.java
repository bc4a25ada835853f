package io.bastion.user.api;

import graphql.ExecutionResult;
import graphql.execution.ExecutionContext;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.Node;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.language.StringValue;
import io.bastion.user.auth.Caller;
import io.bastion.user.error.ApiException;
import io.bastion.user.error.ErrorCode;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * Cheap checks of a parsed, valid operation before anything runs (and before the complexity count): a caller whose
 * token could not be checked (database unreachable) gets UNAVAILABLE; a caller who is not logged in may only reach
 * the fields that logging in needs; aliases are bounded (each one repeats a field and its cost); no string argument,
 * literal or variable, may hold a NUL character (PostgreSQL refuses it, and it has no business in an email, a title
 * or a comment).
 */
final class RequestChecks extends SimplePerformantInstrumentation {

  /** What a caller without a session may ask: account creation, logging in and the password reset pair. */
  static final Set<String> ANONYMOUS_FIELDS =
      Set.of("signUp", "logIn", "completeLogIn", "passkeyLoginOptions", "logInWithPasskey", "requestPasswordReset",
          "resetPassword", "__typename");
  /** Aliased fields in one request: the page uses none; a handful leaves room for other clients. */
  static final int MAX_ALIASES = 10;

  @Override
  public InstrumentationContext<ExecutionResult> beginExecuteOperation(
      InstrumentationExecuteOperationParameters parameters, InstrumentationState state) {
    ExecutionContext execution = parameters.getExecutionContext();
    Caller caller = execution.getGraphQLContext().get(Caller.class);
    if (caller instanceof Caller.Unavailable) {
      // The token could not be checked (database unreachable): nothing runs, not even the anonymous fields, and
      // the client keeps its session and retries.
      throw new QueryLimits.Refused(ApiException.unavailable());
    }
    if (caller instanceof Caller.Failed) {
      throw new QueryLimits.Refused(ApiException.internal()); // a bug checking the session: logged by Sessions
    }
    if (!(caller instanceof Caller.Authenticated)) {
      checkAnonymous(execution.getOperationDefinition().getSelectionSet(), execution.getFragmentsByName());
    }
    Scan scan = new Scan();
    scan.walk(execution.getDocument());
    if (scan.aliases > MAX_ALIASES) {
      throw new QueryLimits.TooComplex("too many aliases: " + scan.aliases + ", at most " + MAX_ALIASES);
    }
    if (scan.nul || hasNul(execution.getCoercedVariables().toMap())) {
      throw new QueryLimits.Refused(ApiException.invalid(io.bastion.user.error.Reason.NUL_CHARACTER,
          "text may not contain the NUL character (\\u0000)"));
    }
    return super.beginExecuteOperation(parameters, state);
  }

  private static void checkAnonymous(SelectionSet selections, Map<String, FragmentDefinition> fragments) {
    for (Selection<?> selection : selections.getSelections()) {
      if (selection instanceof Field field && !ANONYMOUS_FIELDS.contains(field.getName())) {
        throw new QueryLimits.Refused(ErrorCode.UNAUTHENTICATED,
            "authentication required for " + field.getName() + ": log in and send the token");
      } else if (selection instanceof InlineFragment inline) {
        checkAnonymous(inline.getSelectionSet(), fragments);
      } else if (selection instanceof FragmentSpread spread && fragments.get(spread.getName()) != null) {
        checkAnonymous(fragments.get(spread.getName()).getSelectionSet(), fragments); // no cycles: validated
      }
    }
  }

  private static boolean hasNul(Object value) {
    if (value instanceof String s) {
      return s.indexOf('\u0000') >= 0;
    }
    if (value instanceof Map<?, ?> map) {
      return map.values().stream().anyMatch(RequestChecks::hasNul);
    }
    if (value instanceof Collection<?> list) {
      return list.stream().anyMatch(RequestChecks::hasNul);
    }
    return false;
  }

  /** One pass over the document: aliases counted, NUL looked for in string literals. */
  private static final class Scan {
    int aliases;
    boolean nul;

    void walk(Node<?> node) {
      if (node instanceof Field field && field.getAlias() != null) {
        aliases++;
      } else if (node instanceof StringValue string && hasNul(string.getValue())) {
        nul = true;
      }
      for (Node<?> child : node.getChildren()) {
        walk(child);
      }
    }
  }
}
