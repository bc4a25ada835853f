package io.bastion.user.api;

import graphql.ExecutionInput;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.PreparsedDocumentProvider;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Parsed and validated queries by their text: clients send the same few operations over and over (with other
 * variables), and parsing plus validation is a good part of the cost of a small mutation. Bounded: when full it
 * starts over, which at worst costs one parse per query.
 */
final class DocumentCache implements PreparsedDocumentProvider {

  private static final int MAX = 2_000;

  private final ConcurrentHashMap<String, PreparsedDocumentEntry> entries = new ConcurrentHashMap<>();

  @Override
  public CompletableFuture<PreparsedDocumentEntry> getDocumentAsync(ExecutionInput input,
      Function<ExecutionInput, PreparsedDocumentEntry> parseAndValidate) {
    PreparsedDocumentEntry cached = entries.get(input.getQuery());
    if (cached != null) {
      return CompletableFuture.completedFuture(cached);
    }
    PreparsedDocumentEntry entry = parseAndValidate.apply(input);
    if (entries.size() >= MAX) {
      entries.clear();
    }
    entries.put(input.getQuery(), entry);
    return CompletableFuture.completedFuture(entry);
  }
}
