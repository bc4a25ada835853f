package io.bastion.user.api;

import graphql.analysis.FieldComplexityCalculator;
import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.analysis.MaxQueryDepthInstrumentation;
import graphql.execution.AbortExecutionException;
import io.bastion.user.error.ApiException;
import io.bastion.user.error.ErrorCode;
import java.util.Map;

/** Depth and complexity limits whose refusals carry the QUERY_TOO_COMPLEX code like every other error. */
final class QueryLimits {

  private QueryLimits() {
  }

  /** A request refused before execution, with the code clients find in {@code extensions.code}. */
  static class Refused extends AbortExecutionException {
    private final Map<String, Object> extensions;

    Refused(ErrorCode code, String message) {
      super(message);
      this.extensions = Map.of("code", code.name());
    }

    /** The request cannot run for the reason (and with the extensions) of a service's error. */
    Refused(ApiException reason) {
      super(reason.getMessage());
      this.extensions = reason.extensions();
    }

    @Override
    public Map<String, Object> getExtensions() {
      return extensions;
    }
  }

  static final class TooComplex extends Refused {
    TooComplex(String message) {
      super(ErrorCode.QUERY_TOO_COMPLEX, message);
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

  /** Refuses a query whose estimated response (see {@link QueryCost}) is over {@code max} values. */
  static MaxQueryComplexityInstrumentation complexity(int max, FieldComplexityCalculator cost) {
    return new MaxQueryComplexityInstrumentation(max, cost) {
      @Override
      protected AbortExecutionException mkAbortException(int complexity, int maxComplexity) {
        return new TooComplex("query too complex: up to " + complexity + " values in the response, at most "
            + maxComplexity);
      }
    };
  }
}
