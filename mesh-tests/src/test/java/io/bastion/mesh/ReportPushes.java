package io.bastion.mesh;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The reports the bridge pushes to the pages of some accounts, as a browser sees them: one bridge client per account
 * on one user node, registered on {@code reports.<account>}. A report stored once is pushed once; one stored or
 * published twice (a duplicate the sink failed to recognise) is pushed twice, which the reports table's primary key
 * alone would never show.
 */
final class ReportPushes implements AutoCloseable {

  private final Map<String, BridgeClient> clientOfAccount = new TreeMap<>();

  /** {@code tokenOfAccount}: a session token of each account to listen for. */
  ReportPushes(int port, Map<String, String> tokenOfAccount) {
    tokenOfAccount.forEach((account, token) -> {
      BridgeClient client = BridgeClient.connect(port);
      client.register("reports." + account, token);
      clientOfAccount.put(account, client);
    });
  }

  /** How many pushes each {@code assessment@version} got. */
  Map<String, Integer> countByVersion() {
    Map<String, Integer> counts = new TreeMap<>();
    clientOfAccount.forEach((account, client) -> {
      for (JsonObject report : client.bodiesFor("reports." + account)) {
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
    return clientOfAccount.values().stream().flatMap(c -> c.errors().stream()).toList();
  }

  @Override
  public void close() {
    clientOfAccount.values().forEach(BridgeClient::close);
  }
}
