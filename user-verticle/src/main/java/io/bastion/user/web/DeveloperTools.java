package io.bastion.user.web;

import io.bastion.node.Settings;

/**
 * Tools for developers that a production node does not offer: both off unless configured ({@code ./bastion up}
 * turns them on for local use).
 *
 * @param graphiql      {@code api.graphiql}: serve GraphiQL on {@code /graphiql}
 * @param introspection {@code api.introspection}: answer {@code __schema} and {@code __type} queries
 */
public record DeveloperTools(boolean graphiql, boolean introspection) {

  public static DeveloperTools from(Settings s) {
    return new DeveloperTools(s.bool("api.graphiql"), s.bool("api.introspection"));
  }
}
