package io.bastion.user.api;

import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.analysis.MaxQueryDepthInstrumentation;
import graphql.execution.AbortExecutionException;
import io.bastion.user.error.ErrorCode;
import java.util.Map;

/** Depth and complexity limits whose refusals carry the QUERY_TOO_COMPLEX code like every other error. */
final class QueryLimits {

  private QueryLimits() {
  }

  static final class TooComplex extends AbortExecutionException {
    TooComplex(String message) {
      super(message);
    }

    @Override
    public Map<String, Object> getExtensions() {
      return Map.of("code", ErrorCode.QUERY_TOO_COMPLEX.name());
    }
  }

  static MaxQueryDepthInstrumentation depth(int max) {
    return new MaxQueryDepthInstrumentation(max) {
      @Override
      protected AbortExecutionException mkAbortException(int depth, int maxDepth) {
        return new TooComplex("query too deep: depth " + depth + ", at most " + maxDepth);
      }
    };
  }

  static MaxQueryComplexityInstrumentation complexity(int max) {
    return new MaxQueryComplexityInstrumentation(max) {
      @Override
      protected AbortExecutionException mkAbortException(int complexity, int maxComplexity) {
        return new TooComplex("query too complex: " + complexity + " fields, at most " + maxComplexity);
      }
    };
  }
}
