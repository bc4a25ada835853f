package io.bastion.user.web;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The origins whose pages this node serves as its own: their requests may use the session cookie, get CORS
 * headers, and the page may connect to them (CSP {@code connect-src}). They are this node's public URL, the
 * configured {@code http.trusted-origins}, and user nodes whose announcement verified against the cluster CA and
 * has not expired ({@link UserNodes}). Nothing else counts, the request's {@code Host} header included.
 */
public final class TrustedOrigins {

  private final Set<String> configured;
  private final UserNodes nodes;

  public TrustedOrigins(List<String> configured, UserNodes nodes) {
    this.configured = Set.copyOf(configured);
    this.nodes = nodes;
  }

  /** Whether {@code origin}, an {@code Origin} header's value, is one of {@link #current()}. */
  public boolean isTrusted(String origin) {
    if (origin == null) {
      return false;
    }
    String o = Origins.bare(origin).orElse(null);
    return o != null && (o.equals(nodes.self()) || configured.contains(o) || nodes.verifiedOrigins().contains(o));
  }

  /** This node's own origin (its public URL's). */
  public String self() {
    return nodes.self();
  }

  /** Every trusted origin now, this node's first. */
  public Set<String> current() {
    Set<String> all = new LinkedHashSet<>();
    if (nodes.self() != null) {
      all.add(nodes.self());
    }
    all.addAll(configured);
    all.addAll(nodes.verifiedOrigins());
    return all;
  }
}
