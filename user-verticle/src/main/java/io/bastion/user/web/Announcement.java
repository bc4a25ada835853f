package io.bastion.user.web;

import io.bastion.codecs.Codecs;
import io.bastion.node.ClusterSigner;
import io.bastion.node.ClusterVerifier;
import io.vertx.core.json.JsonObject;
import java.security.GeneralSecurityException;
import java.security.SignatureException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A user node's statement "I am {@code node} of cluster {@code cluster}, browsers reach me at {@code origin}, I speak
 * bus contract {@code contract}", valid until {@code expires}, as signed into the user-node map (see {@link
 * UserNodes}). Reading one back is reading untrusted input: {@link #verify} accepts it only when a node holding the
 * cluster's certificate signed it for this cluster and this map key, and it has not expired.
 */
record Announcement(String cluster, String node, String origin, int contract, Instant issued, Instant expires) {

  /** Longest stored value read at all: a signed announcement is about 1.5 KB. */
  static final int MAX_CHARS = 16 * 1024;

  static Announcement of(String cluster, String node, String origin, Instant now, Duration lifetime) {
    return new Announcement(cluster, node, origin, Codecs.CONTRACT_VERSION, now, now.plus(lifetime));
  }

  String sign(ClusterSigner signer) throws GeneralSecurityException {
    return signer.sign(new JsonObject().put("cluster", cluster).put("node", node).put("url", origin)
        .put("contract", contract).put("iat", issued.toEpochMilli()).put("exp", expires.toEpochMilli()));
  }

  /** The announcement stored under {@code key} when it is genuine, for {@code cluster}, and unexpired at now. */
  static Announcement verify(ClusterVerifier verifier, String cluster, Object key, Object value, Instant now)
      throws GeneralSecurityException {
    if (!(value instanceof String signed) || signed.length() > MAX_CHARS) {
      throw new SignatureException("not a signed announcement (" + (value == null ? "null"
          : value.getClass().getSimpleName()) + ")");
    }
    JsonObject claims = verifier.verify(signed, now);
    Announcement a;
    try {
      a = new Announcement(claims.getString("cluster"), claims.getString("node"), claims.getString("url"),
          claims.getInteger("contract"), Instant.ofEpochMilli(claims.getLong("iat")),
          Instant.ofEpochMilli(claims.getLong("exp")));
    } catch (RuntimeException e) {
      throw new SignatureException("malformed claims: " + e.getMessage());
    }
    if (!cluster.equals(a.cluster)) {
      throw new SignatureException("signed for another cluster: " + a.cluster);
    }
    if (!Objects.equals(key, a.node)) {
      throw new SignatureException("signed for node " + a.node + ", stored under another name");
    }
    if (a.contract != Codecs.CONTRACT_VERSION) {
      throw new SignatureException("speaks bus contract v" + a.contract);
    }
    if (a.origin == null || !Origins.bare(a.origin).map(a.origin::equals).orElse(false)) {
      throw new SignatureException("url is not a bare http(s) origin: " + a.origin);
    }
    return a;
  }
}
