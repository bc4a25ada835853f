package io.bastion.user.api;

import graphql.ExecutionInput;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import graphql.introspection.Introspection;

/**
 * Turns introspection ({@code __schema}, {@code __type}; {@code __typename} stays) off for this GraphQL instance
 * only, through graphql-java's per-request switch rather than its JVM-wide one. A refused query gets an
 * IntrospectionDisabled error, which {@link ApiErrors} gives the code FORBIDDEN.
 */
final class IntrospectionGate extends SimplePerformantInstrumentation {

  @Override
  public ExecutionInput instrumentExecutionInput(ExecutionInput input, InstrumentationExecutionParameters parameters,
      InstrumentationState state) {
    input.getGraphQLContext().put(Introspection.INTROSPECTION_DISABLED, true);
    return input;
  }
}
