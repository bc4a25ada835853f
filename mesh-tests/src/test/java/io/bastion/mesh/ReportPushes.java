package io.bastion.mesh;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The reports the bridge pushes to the pages of some accounts, as a browser sees them: one bridge client per account
 * (per session token) on one user node, registered on the feed {@code assessments.<id>} of each of its assessments. A
 * report stored once is pushed once; one stored or published twice (a duplicate the sink failed to recognise) is
 * pushed twice, which the reports table's primary key alone would never show.
 */
final class ReportPushes implements AutoCloseable {

  private final Map<String, BridgeClient> clientOfToken = new TreeMap<>();
  private final Map<String, BridgeClient> clientOfAssessment = new TreeMap<>();

  /** {@code tokenOfAssessment}: the assessments to listen to, each with a session token of an account that may. */
  ReportPushes(int port, Map<String, String> tokenOfAssessment) {
    tokenOfAssessment.forEach((assessment, token) -> {
      BridgeClient client = clientOfToken.computeIfAbsent(token, t -> BridgeClient.connect(port));
      client.registerFeed(assessment, token);
      clientOfAssessment.put(assessment, client);
    });
  }

  /** How many pushes each {@code assessment@version} got. */
  Map<String, Integer> countByVersion() {
    Map<String, Integer> counts = new TreeMap<>();
    clientOfAssessment.forEach((assessment, client) -> {
      for (JsonObject report : client.reportsOf(assessment)) {
        counts.merge(report.getString("assessmentId") + "@" + report.getLong("version"), 1, Integer::sum);
      }
    });
    return counts;
  }

  /** The versions pushed more than once. */
  List<String> duplicates() {
    List<String> twice = new ArrayList<>();
    countByVersion().forEach((version, n) -> {
      if (n > 1) {
        twice.add(version + " x" + n);
      }
    });
    return twice;
  }

  List<JsonObject> errors() {
    return clientOfToken.values().stream().flatMap(c -> c.errors().stream()).toList();
  }

  @Override
  public void close() {
    clientOfToken.values().forEach(BridgeClient::close);
  }
}
