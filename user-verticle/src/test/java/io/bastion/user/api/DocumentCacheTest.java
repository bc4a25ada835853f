package io.bastion.user.api;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.ExecutionInput;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.language.Document;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The parsed-query cache: one parse per query text, and a memory bound that huge queries cannot get past. */
class DocumentCacheTest {

  private final AtomicInteger parses = new AtomicInteger();
  private final Function<ExecutionInput, PreparsedDocumentEntry> parse = input -> {
    parses.incrementAndGet();
    return new PreparsedDocumentEntry(Document.newDocument().build());
  };

  @Test
  void theSameQueryTextIsParsedOnce() throws Exception {
    DocumentCache cache = new DocumentCache();
    PreparsedDocumentEntry first = cache.getDocumentAsync(input("{ me { id } }"), parse).get();
    PreparsedDocumentEntry again = cache.getDocumentAsync(input("{ me { id } }"), parse).get();
    cache.getDocumentAsync(input("{ me { email } }"), parse).get();
    assertThat(again).isSameAs(first);
    assertThat(parses).hasValue(2);
  }

  @Test
  void hugeQueriesAreBoundedByTheirLengthNotTheirNumber() throws Exception {
    DocumentCache cache = new DocumentCache();
    for (int i = 0; i < 200; i++) {
      cache.getDocumentAsync(input("{ me { id } }" + "#".repeat(60_000) + i), parse).get();
    }
    assertThat(cache.weight()).as("weight held").isLessThanOrEqualTo(DocumentCache.MAX_WEIGHT);
    cache.getDocumentAsync(input("{ me { id } }"), parse).get();
    cache.getDocumentAsync(input("{ me { id } }"), parse).get();
    assertThat(parses).as("a small query still gets cached").hasValue(201);
  }

  private static ExecutionInput input(String query) {
    return ExecutionInput.newExecutionInput(query).build();
  }
}
