package io.bastion.user.report;

import io.bastion.node.Settings;

/**
 * @param lingerMs {@code sink.linger.ms}: how long the sink waits for more reports before it writes a batch
 * @param batch    {@code sink.batch}: the most reports in one write
 */
public record SinkSettings(long lingerMs, int batch) {

  public static SinkSettings from(Settings s) {
    return new SinkSettings(s.longValue("sink.linger.ms", 0, 60_000), s.integer("sink.batch", 1, 100_000));
  }
}
