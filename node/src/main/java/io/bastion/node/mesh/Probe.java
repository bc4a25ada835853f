package io.bastion.node.mesh;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Waits for a process to be ready, failing fast when it exits first. Nodes are ready when their readiness probe
 * answers 200 and names them (so a stranger that happens to listen on the port is never taken for the node); the
 * database process is ready when it prints its ready line.
 */
final class Probe {

  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(1))
      .build();
  private final Duration interval;

  Probe(Duration interval) {
    this.interval = interval;
  }

  /** Returns once {@code node} answers its probe with 200; throws when it exits or {@code timeout} runs out. */
  void awaitReady(NodeProcess node, Duration timeout) {
    awaitReady(node, node.probe(), timeout);
  }

  /** The same on another of the node's health URIs (its full readiness, for one). */
  void awaitReady(NodeProcess node, URI uri, Duration timeout) {
    if (uri == null) {
      throw new IllegalArgumentException(node.name() + " has no readiness probe");
    }
    Pattern self = Pattern.compile("\"name\"\\s*:\\s*\"" + Pattern.quote(node.name()) + "\"");
    poll(node, timeout, () -> ready(uri, self) ? Boolean.TRUE : null);
  }

  /** Returns the first match of {@code line} in the log of {@code process}. */
  Matcher awaitLine(NodeProcess process, Pattern line, Duration timeout) {
    return poll(process, timeout, () -> {
      Matcher m = line.matcher(process.logText());
      return m.find() ? m : null;
    });
  }

  /** Returns once PostgreSQL at {@code host:port} accepts connections; throws when {@code process} exits first. */
  void awaitDatabase(NodeProcess process, String host, int port, Duration timeout) {
    poll(process, timeout, () -> PostgresProbe.accepting(host, port, Duration.ofSeconds(2)) ? Boolean.TRUE : null);
  }

  private boolean ready(URI uri, Pattern self) {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(3)).build(),
          HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 && self.matcher(r.body()).find();
    } catch (IOException e) {
      return false; // not listening yet
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + uri, e);
    }
  }

  private interface Attempt<T> {
    T get();
  }

  private <T> T poll(NodeProcess process, Duration timeout, Attempt<T> attempt) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      T result = attempt.get();
      if (result != null) {
        return result;
      }
      if (!process.alive()) {
        throw new MeshStartException(process, true, "exited with status " + process.process().exitValue()
            + " before it was ready");
      }
      if (System.nanoTime() > deadline) {
        throw new MeshStartException(process, false, "was not ready after " + timeout.toSeconds() + " s");
      }
      try {
        Thread.sleep(interval.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + process.name(), e);
      }
    }
  }
}
