package dev.reissued.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Prometheus text page read as Prometheus reads it: samples with their labels unescaped, and the
 * format's grouping rule checked (each family's TYPE line once, its samples together after it).
 */
record PrometheusPage(List<Sample> samples) {
  record Sample(String name, Map<String, String> labels, double value) {}

  static PrometheusPage parse(String page) {
    List<Sample> samples = new ArrayList<>();
    Set<String> typed = new LinkedHashSet<>();
    String current = null;
    for (String line : page.split("\n", -1)) {
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("# TYPE ")) {
        String family = line.split(" ")[2];
        assertThat(typed.add(family)).as("one TYPE line for " + family).isTrue();
        current = family;
        continue;
      }
      if (line.startsWith("#")) {
        continue;
      }
      Sample sample = sample(line);
      assertThat(sample.name())
          .as("a sample of the family whose TYPE line came last: " + line)
          .startsWith(current);
      samples.add(sample);
    }
    return new PrometheusPage(samples);
  }

  List<Sample> named(String name) {
    return samples.stream().filter(sample -> sample.name().equals(name)).toList();
  }

  /** The value of the one sample of {@code name} whose labels include {@code labels}. */
  double value(String name, Map<String, String> labels) {
    List<Sample> matching =
        named(name).stream()
            .filter(sample -> sample.labels().entrySet().containsAll(labels.entrySet()))
            .toList();
    assertThat(matching).as(name + labels).hasSize(1);
    return matching.get(0).value();
  }

  private static Sample sample(String line) {
    int index = 0;
    while (index < line.length() && line.charAt(index) != '{' && line.charAt(index) != ' ') {
      index++;
    }
    String name = line.substring(0, index);
    Map<String, String> labels = new LinkedHashMap<>();
    if (line.charAt(index) == '{') {
      index++;
      while (line.charAt(index) != '}') {
        int equals = line.indexOf('=', index);
        String label = line.substring(index, equals);
        assertThat(line.charAt(equals + 1)).as("quoted value in " + line).isEqualTo('"');
        StringBuilder value = new StringBuilder();
        int at = equals + 2;
        while (line.charAt(at) != '"') {
          char character = line.charAt(at);
          if (character == '\\') {
            char escaped = line.charAt(at + 1);
            value.append(
                switch (escaped) {
                  case 'n' -> '\n';
                  case '\\' -> '\\';
                  case '"' -> '"';
                  default -> throw new AssertionError("bad escape \\" + escaped + " in " + line);
                });
            at += 2;
          } else {
            value.append(character);
            at++;
          }
        }
        labels.put(label, value.toString());
        index = at + 1;
        if (line.charAt(index) == ',') {
          index++;
        }
      }
      index++;
    }
    assertThat(line.charAt(index)).as("space before the value in " + line).isEqualTo(' ');
    String value = line.substring(index + 1).trim();
    return new Sample(
        name,
        labels,
        switch (value) {
          case "+Inf" -> Double.POSITIVE_INFINITY;
          case "-Inf" -> Double.NEGATIVE_INFINITY;
          default -> Double.parseDouble(value);
        });
  }
}
