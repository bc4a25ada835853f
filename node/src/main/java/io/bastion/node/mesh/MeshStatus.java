package io.bastion.node.mesh;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * What {@code ./bastion status} shows, read from the nodes' own management endpoints: each node of
 * {@code mesh.json} probed on {@code /health/live} (answering, uptime), {@code /health} (ready, and the checks that
 * are not) and {@code /metrics}; the mesh's figures taken from the user nodes' metrics.
 *
 * @param outboxDepth     rows in the outbox (the largest a user node reports; they share one database)
 * @param outboxOldest    seconds since the oldest outbox row was written
 * @param deadLetters     rows in the dead-letter table ({@code bastion_dead_letters}; empty where no node has it)
 * @param answersPerSecond answers accepted per second over the last minute, summed over the user nodes
 * @param answerToReportP99 p99 in seconds from answer written to report stored over the last minute: the worst
 *                         user node's (quantiles of different nodes cannot be merged)
 */
record MeshStatus(MeshRecord record, List<NodeStatus> nodes, Optional<DatabaseStatus> database,
    OptionalDouble outboxDepth, OptionalDouble outboxOldest, OptionalDouble deadLetters,
    OptionalDouble answersPerSecond, OptionalDouble answerToReportP99) {

  /** One node as its endpoints describe it; {@code failing} lists the checks that are not UP, with their reason. */
  record NodeStatus(MeshRecord.Node node, boolean answering, boolean ready, List<String> failing,
      OptionalDouble uptimeSeconds, Optional<PrometheusText> metrics) {
  }

  record DatabaseStatus(int port, long pid, boolean running) {
  }

  /** Every node up and ready. */
  boolean healthy() {
    return !nodes.isEmpty() && nodes.stream().allMatch(NodeStatus::ready)
        && database.map(DatabaseStatus::running).orElse(true);
  }

  /** Probes every node of {@code record} at once; each request gives up after {@code timeout}. */
  static MeshStatus probe(MeshRecord record, Duration timeout) {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    List<CompletableFuture<NodeStatus>> probes = record.nodes().stream()
        .map(n -> probeNode(http, n, timeout)).toList();
    List<NodeStatus> nodes = probes.stream().map(CompletableFuture::join).toList();
    Optional<DatabaseStatus> db = record.database().map(d -> new DatabaseStatus(d.port(), d.pid(),
        ProcessHandle.of(d.pid()).map(ProcessHandle::isAlive).orElse(false)));
    List<PrometheusText> users = nodes.stream().filter(n -> n.node().role().equals("user"))
        .flatMap(n -> n.metrics().stream()).toList();
    return new MeshStatus(record, nodes, db,
        max(users, m -> m.value("bastion_outbox_depth")),
        max(users, m -> m.value("bastion_outbox_oldest_age_seconds")),
        max(users, m -> m.value("bastion_dead_letters")),
        sum(users, m -> m.value("bastion_answers_rate")),
        max(users, MeshStatus::p99));
  }

  /** The 0.99 quantile of the last minute's answer-to-report timer. */
  private static OptionalDouble p99(PrometheusText m) {
    return m.value("bastion_answer_to_report_last_minute_seconds", Map.of("quantile", "0.99"));
  }

  private static CompletableFuture<NodeStatus> probeNode(HttpClient http, MeshRecord.Node node, Duration timeout) {
    URI base = URI.create(node.management());
    CompletableFuture<Optional<String>> live = get(http, base.resolve("/health/live"), timeout, true);
    CompletableFuture<Optional<String>> health = get(http, base.resolve("/health"), timeout, false);
    CompletableFuture<Optional<String>> metrics = get(http, base.resolve("/metrics"), timeout, true);
    return CompletableFuture.allOf(live, health, metrics).thenApply(v -> {
      Optional<Map<String, Object>> liveJson = live.join().flatMap(MeshStatus::json);
      // The name check: another process may have taken the port of a node that died.
      boolean answering = liveJson.map(j -> node.name().equals(j.get("name"))).orElse(false);
      OptionalDouble uptime = liveJson.map(j -> j.get("uptimeSeconds")).filter(Number.class::isInstance)
          .map(n -> OptionalDouble.of(((Number) n).doubleValue())).orElse(OptionalDouble.empty());
      List<String> failing = new ArrayList<>();
      boolean ready = false;
      if (!answering) {
        failing.add("not answering on " + base);
      } else {
        Optional<Map<String, Object>> healthJson = health.join().flatMap(MeshStatus::json);
        ready = healthJson.map(j -> "UP".equals(j.get("status"))).orElse(false);
        healthJson.ifPresentOrElse(j -> failing.addAll(failingChecks(j)),
            () -> failing.add("no readiness answer"));
      }
      return new NodeStatus(node, answering, ready, failing, uptime,
          answering ? metrics.join().map(PrometheusText::parse) : Optional.empty());
    });
  }

  @SuppressWarnings("unchecked")
  static List<String> failingChecks(Map<String, Object> health) {
    List<String> failing = new ArrayList<>();
    Object checks = health.get("checks");
    if (checks instanceof List<?> list) {
      for (Object o : list) {
        Map<String, Object> check = (Map<String, Object>) o;
        if (!"UP".equals(check.get("status"))) {
          Object data = check.get("data");
          Object reason = data instanceof Map<?, ?> d ? (d.containsKey("reason") ? d.get("reason") : d.get("error"))
              : null;
          failing.add(check.get("id") + (reason == null ? " DOWN" : " DOWN (" + reason + ")"));
        }
      }
    }
    return failing;
  }

  /** The body of a GET (also of a 503 when {@code okOnly} is false); empty when there is no answer. */
  private static CompletableFuture<Optional<String>> get(HttpClient http, URI uri, Duration timeout,
      boolean okOnly) {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .thenApply(r -> okOnly && r.statusCode() != 200 ? Optional.<String>empty() : Optional.of(r.body()))
        .exceptionally(e -> Optional.empty());
  }

  private static Optional<Map<String, Object>> json(String text) {
    try {
      return Optional.of(JsonTree.object(text));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static OptionalDouble max(List<PrometheusText> nodes, Function<PrometheusText, OptionalDouble> f) {
    return nodes.stream().map(f).filter(OptionalDouble::isPresent).mapToDouble(OptionalDouble::getAsDouble).max();
  }

  private static OptionalDouble sum(List<PrometheusText> nodes, Function<PrometheusText, OptionalDouble> f) {
    List<OptionalDouble> values = nodes.stream().map(f).filter(OptionalDouble::isPresent).toList();
    return values.isEmpty() ? OptionalDouble.empty()
        : OptionalDouble.of(values.stream().mapToDouble(OptionalDouble::getAsDouble).sum());
  }
}
