package io.bastion.bench;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The outbox relays' counters of the bench's user nodes, read from each node's management {@code /metrics}
 * (Prometheus text; the public port has none) and summed over the nodes: retries and timeouts show trouble on the bus.
 */
final class RelayCounters {

  /** The bench's names (results.json, the summary) for the Prometheus counters. */
  static final Map<String, String> METERS = Map.of(
      "sent", "bastion_relay_sent_total",
      "retried", "bastion_relay_retries_total",
      "timeouts", "bastion_relay_timeouts_total",
      "noSecurityNode", "bastion_relay_no_security_node_total",
      "refused", "bastion_relay_refused_total",
      "stored", "bastion_reports_stored_total",
      "duplicates", "bastion_reports_duplicates_total");

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private RelayCounters() {
  }

  /** The counters summed over the nodes whose management servers are given; a node that does not answer adds 0. */
  static JsonObject read(List<URI> managementServers) {
    JsonObject sum = new JsonObject();
    METERS.keySet().forEach(k -> sum.put(k, 0L));
    for (URI management : managementServers) {
      JsonObject one = parse(scrape(management));
      METERS.keySet().forEach(k -> sum.put(k, sum.getLong(k) + one.getLong(k)));
    }
    return sum;
  }

  /** Each counter of one scrape (every series of its name added up; 0 when absent). */
  static JsonObject parse(String prometheusText) {
    JsonObject counters = new JsonObject();
    METERS.forEach((key, name) -> {
      Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{[^}]*})? (\\S+)$").matcher(prometheusText);
      double total = 0;
      while (m.find()) {
        total += Double.parseDouble(m.group(1));
      }
      counters.put(key, Math.round(total));
    });
    return counters;
  }

  private static String scrape(URI management) {
    try {
      return HTTP.send(HttpRequest.newBuilder(management.resolve("/metrics")).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString()).body();
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      System.out.println("[bench] cannot read " + management.resolve("/metrics") + ": " + e);
      return "";
    }
  }
}
