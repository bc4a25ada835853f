package io.bastion.user.api;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.ExecutionInput;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.language.Document;
import graphql.parser.Parser;
import io.bastion.user.auth.Account;
import io.bastion.user.auth.Caller;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The parsed-query cache: one parse per query text for a logged-in caller, nothing kept for anyone else, and a
 * bound in bytes, estimated from the parsed document, that many large queries cannot get past.
 */
class DocumentCacheTest {

  private static final Caller ALICE = new Caller.Authenticated(
      new Account(UUID.randomUUID(), "alice@example.com", Instant.now()), UUID.randomUUID(), Instant.now());
  /** The fields of a question, as the page asks for them. */
  private static final String QUESTION = "id function functionName text help type options allowNa weight "
      + "choices { value label score } references { framework id } recommendation { text effort impact }";

  private final AtomicInteger parses = new AtomicInteger();
  /** Really parses, as graphql-java does before validating: the weight comes from the parsed document. */
  private final Function<ExecutionInput, PreparsedDocumentEntry> parse = input -> {
    parses.incrementAndGet();
    return new PreparsedDocumentEntry(new Parser().parseDocument(input.getQuery()));
  };

  @Test
  void theSameQueryTextIsParsedOnce() throws Exception {
    DocumentCache cache = new DocumentCache();
    PreparsedDocumentEntry first = cache.getDocumentAsync(input("{ me { id } }", ALICE), parse).get();
    PreparsedDocumentEntry again = cache.getDocumentAsync(input("{ me { id } }", ALICE), parse).get();
    cache.getDocumentAsync(input("{ me { email } }", ALICE), parse).get();
    assertThat(again).isSameAs(first);
    assertThat(parses).hasValue(2);
  }

  @Test
  void twoHundredDistinctLargeQueriesStayUnderTheBoundInBytes() throws Exception {
    DocumentCache cache = new DocumentCache();
    long estimated = 0;
    for (int i = 0; i < 200; i++) {
      String query = largeQuery(i);
      PreparsedDocumentEntry entry = cache.getDocumentAsync(input(query, ALICE), parse).get();
      estimated += DocumentCache.bytes(query, entry);
    }
    assertThat(estimated).as("what 200 large queries would hold (about 0.2 MB each)")
        .isGreaterThan(2 * DocumentCache.MAX_BYTES);
    assertThat(cache.weight()).as("bytes held by the cache").isLessThanOrEqualTo(DocumentCache.MAX_BYTES)
        .isGreaterThan(DocumentCache.MAX_BYTES / 2);
    cache.getDocumentAsync(input("{ me { id } }", ALICE), parse).get();
    cache.getDocumentAsync(input("{ me { id } }", ALICE), parse).get();
    assertThat(parses).as("a small query still gets cached").hasValue(201);
  }

  @Test
  void theWeightFollowsTheParsedDocumentNotJustTheText() throws Exception {
    // 86 aliases of a catalogue's questions: about 16 KB of text, some 2,300 nodes, about 0.2 MB of heap measured.
    String large = largeQuery(0);
    PreparsedDocumentEntry entry = parse.apply(input(large, ALICE));
    assertThat(DocumentCache.bytes(large, entry)).isBetween(150_000, 300_000);
    // A dense query (one-letter fields) holds more per character than its text suggests.
    String dense = "{" + " a".repeat(5_000) + " }";
    assertThat(DocumentCache.bytes(dense, parse.apply(input(dense, ALICE)))).isGreaterThan(40 * dense.length());
  }

  @Test
  void callersWhoAreNotLoggedInFillNothing() throws Exception {
    DocumentCache cache = new DocumentCache();
    for (int i = 0; i < 200; i++) {
      cache.getDocumentAsync(input(largeQuery(i), Caller.ANONYMOUS), parse).get();
      cache.getDocumentAsync(input(largeQuery(i), new Caller.Refused("forged")), parse).get();
    }
    cache.getDocumentAsync(input("{ me { id } }", null), parse).get();
    assertThat(cache.size()).as("entries kept for callers without a session").isZero();
    assertThat(cache.weight()).isZero();
  }

  /** A valid, distinct query of about 16 KB: 86 aliases of every catalogue's questions. */
  static String largeQuery(int n) {
    StringBuilder q = new StringBuilder("query Q").append(n).append(" {");
    for (int i = 0; i < 86; i++) {
      q.append(" c").append(i).append(": catalogues { questions { ").append(QUESTION).append(" } }");
    }
    return q.append(" }").toString();
  }

  private static ExecutionInput input(String query, Caller caller) {
    ExecutionInput.Builder b = ExecutionInput.newExecutionInput(query);
    if (caller != null) {
      b.graphQLContext(Map.of(Caller.class, caller));
    }
    return b.build();
  }
}
