package io.bastion.node;

import java.nio.file.Path;

/**
 * What every node reads about itself.
 *
 * @param name          its name in logs and reports: {@code node.name}, else its kind and process id
 * @param dataDir       {@code data.dir}: keys, certificates, mail files
 * @param cataloguesDir {@code catalogues.dir}: the questionnaire catalogues
 */
public record NodeSettings(String name, Path dataDir, Path cataloguesDir) {

  public static NodeSettings from(Settings s, String kind) {
    return new NodeSettings(
        s.optionalString("node.name").orElse(kind + "-" + ProcessHandle.current().pid()),
        s.path("data.dir"),
        s.path("catalogues.dir"));
  }
}
