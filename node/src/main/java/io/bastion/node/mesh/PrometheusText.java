package io.bastion.node.mesh;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The samples of a Prometheus text exposition (what a node's {@code /metrics} serves), enough for
 * {@code ./bastion status}: metric name, labels and value of each sample line; comments are skipped.
 */
record PrometheusText(List<Sample> samples) {

  record Sample(String name, Map<String, String> labels, double value) {
  }

  private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  static PrometheusText parse(String text) {
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Matcher m = LINE.matcher(line);
      if (!m.find()) {
        continue;
      }
      Map<String, String> labels = new LinkedHashMap<>();
      if (m.group(2) != null) {
        Matcher l = LABEL.matcher(m.group(2));
        while (l.find()) {
          labels.put(l.group(1), l.group(2).replace("\\\"", "\"").replace("\\n", "\n").replace("\\\\", "\\"));
        }
      }
      try {
        samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3))));
      } catch (NumberFormatException e) {
        // "+Inf", "NaN" parse; anything else is not a sample
      }
    }
    return new PrometheusText(samples);
  }

  /** The value of the first sample named {@code name} whose labels include {@code labels}. */
  OptionalDouble value(String name, Map<String, String> labels) {
    return samples.stream()
        .filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
        .mapToDouble(Sample::value).findFirst();
  }

  OptionalDouble value(String name) {
    return value(name, Map.of());
  }

  /** The sum of every sample named {@code name} (a counter with tags), empty when there is none. */
  OptionalDouble sum(String name) {
    List<Sample> matching = samples.stream().filter(s -> s.name().equals(name)).toList();
    return matching.isEmpty() ? OptionalDouble.empty()
        : OptionalDouble.of(matching.stream().mapToDouble(Sample::value).sum());
  }
}
