package dev.reissued;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shape docs/ARCHITECTURE.md draws, read off the sources: which package imports which, and
 * which package runs SQL on which table. A change that breaks the shape fails here with the
 * offending imports or statements named.
 */
class ArchitectureTest {
  private static final Path SOURCES = Path.of("src/main/java/dev/reissued");
  private static final Pattern IMPORT =
      Pattern.compile("^import (?:static )?dev\\.reissued\\.([a-z]+)\\.", Pattern.MULTILINE);
  private static final Pattern TABLE =
      Pattern.compile("\\b(?:FROM|JOIN|UPDATE|INTO|TABLE)\\s+([a-z_]+)\\b");

  /** Each table and the one package whose classes may run SQL on it. */
  private static final Map<String, String> OWNERS =
      Map.ofEntries(
          Map.entry("certificate", "inventory"),
          Map.entry("account_sync", "inventory"),
          Map.entry("reissue", "renewal"),
          Map.entry("sealed_secret", "renewal"),
          Map.entry("account_observation", "renewal"),
          Map.entry("validation", "track"),
          Map.entry("delivery", "deliver"),
          Map.entry("notification", "notify"),
          Map.entry("notification_delivery", "notify"),
          Map.entry("api_rate", "tencent"),
          Map.entry("cloud_lineage", "cloud"),
          Map.entry("cloud_binding", "cloud"),
          Map.entry("cloud_deploy", "cloud"),
          Map.entry("cloud_resource", "cloud"));

  /** The packages below the stages: they know no stage. */
  private static final Set<String> FOUNDATIONS = Set.of("config", "db", "keys", "tencent");

  private static final Set<String> STAGES =
      Set.of("inventory", "renewal", "track", "deliver", "cloud", "notify");

  @Test
  void no_package_depends_on_itself_through_others() {
    Map<String, Set<String>> graph = imports();

    List<String> cycles = new ArrayList<>();
    for (String start : graph.keySet()) {
      findCycle(graph, start).ifPresent(cycles::add);
    }

    assertThat(cycles).as("package cycles in %s", graph).isEmpty();
  }

  @Test
  void notify_is_a_leaf_that_knows_no_stage_above_it() {
    assertThat(imports().get("notify")).isSubsetOf("config", "db");
  }

  @Test
  void the_foundations_know_no_stage_and_nothing_but_the_cli_knows_the_cli() {
    Map<String, Set<String>> graph = imports();
    for (String foundation : FOUNDATIONS) {
      assertThat(graph.getOrDefault(foundation, Set.of()))
          .as(foundation + " imports")
          .doesNotContainAnyElementsOf(STAGES)
          .doesNotContain("schedule", "metrics", "cli", "sandbox");
    }
    graph.forEach(
        (pkg, imported) -> {
          if (!pkg.equals("cli")) {
            assertThat(imported).as(pkg + " imports").doesNotContain("cli");
          }
        });
  }

  @Test
  void every_sql_statement_on_a_table_lives_in_that_tables_owner() {
    Map<String, Set<String>> strangers = new TreeMap<>();
    for (Path source : sources()) {
      String pkg = packageOf(source);
      Matcher table = TABLE.matcher(read(source));
      while (table.find()) {
        String owner = OWNERS.get(table.group(1));
        if (owner != null && !owner.equals(pkg)) {
          strangers
              .computeIfAbsent(SOURCES.relativize(source).toString(), key -> new TreeSet<>())
              .add(table.group(1));
        }
      }
    }
    assertThat(strangers).as("classes running SQL on another package's tables").isEmpty();
  }

  private static java.util.Optional<String> findCycle(
      Map<String, Set<String>> graph, String start) {
    Deque<List<String>> paths = new ArrayDeque<>();
    paths.push(List.of(start));
    while (!paths.isEmpty()) {
      List<String> path = paths.pop();
      for (String next : graph.getOrDefault(path.get(path.size() - 1), Set.of())) {
        if (next.equals(start)) {
          return java.util.Optional.of(String.join(" → ", path) + " → " + start);
        }
        if (!path.contains(next)) {
          List<String> longer = new ArrayList<>(path);
          longer.add(next);
          paths.push(longer);
        }
      }
    }
    return java.util.Optional.empty();
  }

  private static Map<String, Set<String>> imports() {
    Map<String, Set<String>> graph = new LinkedHashMap<>();
    for (Path source : sources()) {
      String pkg = packageOf(source);
      Set<String> imported = graph.computeIfAbsent(pkg, key -> new TreeSet<>());
      Matcher matcher = IMPORT.matcher(read(source));
      while (matcher.find()) {
        if (!matcher.group(1).equals(pkg)) {
          imported.add(matcher.group(1));
        }
      }
    }
    assertThat(graph).as("packages found").containsKeys("renewal", "notify", "cli");
    return graph;
  }

  private static String packageOf(Path source) {
    Path relative = SOURCES.relativize(source);
    return relative.getNameCount() > 1 ? relative.getName(0).toString() : "";
  }

  private static List<Path> sources() {
    try (Stream<Path> files = Files.walk(SOURCES)) {
      return files.filter(file -> file.toString().endsWith(".java")).sorted().toList();
    } catch (IOException failure) {
      throw new UncheckedIOException(failure);
    }
  }

  private static String read(Path source) {
    try {
      return Files.readString(source);
    } catch (IOException failure) {
      throw new UncheckedIOException(failure);
    }
  }
}
