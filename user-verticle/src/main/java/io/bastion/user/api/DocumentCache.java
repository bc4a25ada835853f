package io.bastion.user.api;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import graphql.ExecutionInput;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.PreparsedDocumentProvider;
import graphql.language.Node;
import io.bastion.user.auth.Caller;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Parsed and validated queries by their text: clients send the same few operations over and over (with other
 * variables), and parsing plus validation is a good part of the cost of a small mutation.
 *
 * <p>Only what a logged-in caller sent is kept: anyone else is parsed each time, so that strangers cannot fill the
 * cache (they only reach the few account fields anyway). The bound is in bytes, estimated from the parsed
 * document: measured with graphql-java 24.3 on Java 17 (documents of 30 to 5,400 nodes, 0.2 to 39 KB of text,
 * heap before and after keeping 50 of them), a parsed document holds {@value #BYTES_PER_NODE} bytes or so per AST
 * node (87 measured, source locations included), about 12 bytes per character of a typical query; counting nodes
 * rather than characters also weighs a dense query (many one-letter fields) right. The key counts two bytes a
 * character. Rarely and long unused entries go first. Thread-safe, although each verticle instance has its own and
 * calls it from its event loop.
 */
final class DocumentCache implements PreparsedDocumentProvider {

  /** The bytes the cache may hold: some 2,000 of the page's operations, 80 queries of 16 KB. */
  static final long MAX_BYTES = 16L * 1024 * 1024;
  /** Heap per node of a parsed document (measured: 76 to 88). */
  static final int BYTES_PER_NODE = 90;
  /** The entry, the cache's node and the entry's fixed parts. */
  static final int ENTRY_BYTES = 256;

  private final Cache<String, PreparsedDocumentEntry> entries = Caffeine.newBuilder()
      .maximumWeight(MAX_BYTES)
      .weigher(DocumentCache::bytes)
      .executor(Runnable::run) // its small upkeep runs on the calling thread rather than in the common pool
      .build();

  @Override
  public CompletableFuture<PreparsedDocumentEntry> getDocumentAsync(ExecutionInput input,
      Function<ExecutionInput, PreparsedDocumentEntry> parseAndValidate) {
    Object caller = input.getGraphQLContext().get(Caller.class);
    PreparsedDocumentEntry entry = caller instanceof Caller.Authenticated
        ? entries.get(input.getQuery(), query -> parseAndValidate.apply(input))
        : parseAndValidate.apply(input);
    return CompletableFuture.completedFuture(entry);
  }

  /** The estimated heap an entry holds (saturating at Integer.MAX_VALUE, which Caffeine's weigher needs). */
  static int bytes(String query, PreparsedDocumentEntry entry) {
    long nodes = entry.getDocument() == null ? 0 : nodes(entry.getDocument());
    long bytes = ENTRY_BYTES + 2L * query.length() + BYTES_PER_NODE * nodes;
    return (int) Math.min(Integer.MAX_VALUE, bytes);
  }

  private static long nodes(Node<?> node) {
    long n = 1;
    for (Node<?> child : node.getChildren()) {
      n += nodes(child);
    }
    return n;
  }

  /** The estimated bytes held now, after any pending eviction. */
  long weight() {
    entries.cleanUp();
    return entries.policy().eviction().orElseThrow().weightedSize().orElseThrow();
  }

  /** The entries held now. */
  long size() {
    entries.cleanUp();
    return entries.estimatedSize();
  }
}
