package io.bastion.user.api;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import graphql.ExecutionInput;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.PreparsedDocumentProvider;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Parsed and validated queries by their text: clients send the same few operations over and over (with other
 * variables), and parsing plus validation is a good part of the cost of a small mutation. Bounded by weight, the
 * length of the query text plus a fixed part per entry, so that a few huge queries cannot hold much memory
 * (a parsed document takes some tens of times its text); rarely and long unused entries go first. Thread-safe,
 * although each verticle instance has its own and calls it from its event loop.
 */
final class DocumentCache implements PreparsedDocumentProvider {

  /** About a megabyte of query text: some 2,000 operations of the page's size. */
  static final long MAX_WEIGHT = 1_000_000;
  /** What an entry costs beyond its text (keys, the entry, the document's fixed parts), in characters. */
  static final int ENTRY_WEIGHT = 200;

  private final Cache<String, PreparsedDocumentEntry> entries = Caffeine.newBuilder()
      .maximumWeight(MAX_WEIGHT)
      .weigher((String query, PreparsedDocumentEntry entry) -> ENTRY_WEIGHT + query.length())
      .executor(Runnable::run) // its small upkeep runs on the calling thread rather than in the common pool
      .build();

  @Override
  public CompletableFuture<PreparsedDocumentEntry> getDocumentAsync(ExecutionInput input,
      Function<ExecutionInput, PreparsedDocumentEntry> parseAndValidate) {
    return CompletableFuture.completedFuture(entries.get(input.getQuery(), query -> parseAndValidate.apply(input)));
  }

  /** The weight held now, after any pending eviction. */
  long weight() {
    entries.cleanUp();
    return entries.policy().eviction().orElseThrow().weightedSize().orElseThrow();
  }
}
