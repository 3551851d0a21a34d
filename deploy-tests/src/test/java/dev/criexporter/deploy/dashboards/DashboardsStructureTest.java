package dev.criexporter.deploy.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.criexporter.testsupport.prometheus.Promtool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shipped Grafana dashboards, checked without Grafana: schema and identity, the variables and
 * their chaining, every panel's datasource, unit, queries and place on the grid, the metric names
 * against docs/metrics.md, the PromQL syntax (through promtool), the cluster/node scoping of
 * every selector, and the README's panel-by-panel description.
 */
class DashboardsStructureTest {

  static final Set<String> FILES = Set.of("cri-exporter-node-overview.json", "cri-exporter-pod-detail.json",
      "cri-exporter-runtime-truth.json");
  static final Set<String> PANEL_TYPES = Set.of("timeseries", "stat", "table", "bargauge");
  /** The query variables every dashboard has, in the order each depends on the ones before. */
  static final List<String> CHAINED = List.of("cluster", "node", "namespace", "pod");
  static final String DATASOURCE_REF = "${datasource}";
  /** Values to substitute where a query only needs to be syntactically complete. */
  static final Map<String, String> SAMPLE_VALUES = Map.of("datasource", "prometheus", "cluster", "prod",
      "node_label", "node", "node", "node-a", "namespace", "shop", "pod", "cart-5c8d9-x2x9z");

  static Stream<Dashboard> dashboards() {
    return Dashboard.loadAll().stream();
  }

  @Test
  void theThreeDashboardsAreShippedWithUniqueUids() {
    List<Dashboard> all = Dashboard.loadAll();
    assertThat(all).extracting(Dashboard::fileName).containsExactlyInAnyOrderElementsOf(FILES);
    assertThat(all).extracting(Dashboard::uid).doesNotHaveDuplicates();
    assertThat(all).extracting(Dashboard::title).doesNotHaveDuplicates();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dashboards")
  void hasCurrentSchemaAndIdentity(Dashboard d) {
    JsonObject json = d.json();
    assertThat(json.get("schemaVersion").getAsInt()).as("schemaVersion").isGreaterThanOrEqualTo(39);
    assertThat(d.uid()).as("uid").matches("[a-z0-9-]{1,40}").isEqualTo(d.fileName().replace(".json", ""));
    assertThat(d.title()).as("title").startsWith("cri-exporter / ");
    assertThat(json.getAsJsonArray("tags")).as("tags").extracting(JsonElement::getAsString).contains("cri-exporter");
    assertThat(json.get("id") == null || json.get("id").isJsonNull()).as("id is null, so imports create the dashboard").isTrue();
    assertThat(Dashboard.string(json, "description")).as("description").isNotBlank();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dashboards")
  void hasDatasourceVariableAndChainedQueryVariables(Dashboard d) {
    List<String> names = d.variables().stream().map(v -> Dashboard.string(v, "name")).toList();
    JsonObject datasource = d.variable("datasource").orElseThrow(() -> new AssertionError("no datasource variable"));
    assertThat(Dashboard.string(datasource, "type")).isEqualTo("datasource");
    assertThat(Dashboard.string(datasource, "query")).isEqualTo("prometheus");

    List<String> before = new ArrayList<>(List.of("datasource"));
    for (String name : CHAINED) {
      JsonObject v = d.variable(name).orElseThrow(() -> new AssertionError("no variable " + name));
      assertThat(Dashboard.string(v, "type")).as(name + " type").isEqualTo("query");
      assertThat(Dashboard.string(v.getAsJsonObject("datasource"), "uid")).as(name + " datasource").isEqualTo(DATASOURCE_REF);
      String query = Dashboard.variableQuery(v);
      assertThat(query).as(name + " query").matches("label_values\\(.+,\\s*\\$?\\w+\\)");
      assertThat(Dashboard.string(v, "definition")).as(name + " definition").isEqualTo(query);
      // Chained: each variable's query is narrowed by the ones before it, which come first in the list.
      for (String earlier : before.subList(1, before.size())) {
        assertThat(GrafanaTemplating.references(query)).as(name + " query uses $" + earlier).contains(earlier);
      }
      assertThat(names.indexOf(name)).as(name + " comes after " + before).isGreaterThan(
          before.stream().mapToInt(names::indexOf).max().orElseThrow());
      before.add(name);
    }
    // The cluster label may be absent altogether: "All" must match the empty value too.
    JsonObject cluster = d.variable("cluster").orElseThrow();
    assertThat(cluster.get("includeAll").getAsBoolean()).as("cluster includeAll").isTrue();
    assertThat(Dashboard.string(cluster, "allValue")).as("cluster allValue").isEqualTo(".*");
    // Variables referenced anywhere must be defined, built in, or the node label switch.
    for (JsonObject v : d.variables()) {
      for (String ref : GrafanaTemplating.references(Dashboard.variableQuery(v))) {
        assertThat(names).as("variable " + Dashboard.string(v, "name") + " references $" + ref).contains(ref);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dashboards")
  void everyPanelHasDatasourceUnitDescriptionAndQueries(Dashboard d) {
    List<String> problems = new ArrayList<>();
    for (Dashboard.Panel p : d.panels()) {
      String where = "panel " + p.id() + " \"" + p.title() + "\"";
      if (p.title().isBlank()) {
        problems.add(where + ": no title");
      }
      if (p.isRow()) {
        if (!p.queries().isEmpty()) {
          problems.add(where + ": a row with queries");
        }
        continue;
      }
      if (!PANEL_TYPES.contains(p.type())) {
        problems.add(where + ": type " + p.type() + " is not one of " + PANEL_TYPES);
      }
      if (!datasourceIsVariable(p.json().getAsJsonObject("datasource"))) {
        problems.add(where + ": datasource is not " + DATASOURCE_REF);
      }
      String unit = unit(p.json());
      if (unit.isBlank()) {
        problems.add(where + ": no unit (fieldConfig.defaults.unit)");
      }
      if (Dashboard.string(p.json(), "description").isBlank()) {
        problems.add(where + ": no description");
      }
      if (p.queries().isEmpty()) {
        problems.add(where + ": no queries");
      }
      Set<String> refIds = new HashSet<>();
      for (Dashboard.Query q : p.queries()) {
        if (q.expr().isBlank()) {
          problems.add(where + " " + q.refId() + ": empty expr");
        }
        if (!refIds.add(q.refId()) || q.refId().isBlank()) {
          problems.add(where + ": refId " + q.refId() + " missing or repeated");
        }
        if (!datasourceIsVariable(q.json().getAsJsonObject("datasource"))) {
          problems.add(where + " " + q.refId() + ": query datasource is not " + DATASOURCE_REF);
        }
      }
    }
    assertThat(problems).as(d.fileName()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dashboards")
  void panelsHaveUniqueIdsAndTitlesAndTileTheGridWithoutOverlap(Dashboard d) {
    List<Dashboard.Panel> panels = d.panels();
    assertThat(panels).extracting(Dashboard.Panel::id).allMatch(id -> id > 0).doesNotHaveDuplicates();
    assertThat(d.dataPanels()).extracting(Dashboard.Panel::title).doesNotHaveDuplicates();
    List<int[]> boxes = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (Dashboard.Panel p : panels) {
      JsonObject grid = p.json().getAsJsonObject("gridPos");
      if (grid == null || !grid.has("x") || !grid.has("y") || !grid.has("w") || !grid.has("h")) {
        problems.add("panel " + p.id() + " \"" + p.title() + "\": gridPos missing or incomplete");
        continue;
      }
      int x = grid.get("x").getAsInt();
      int y = grid.get("y").getAsInt();
      int w = grid.get("w").getAsInt();
      int h = grid.get("h").getAsInt();
      if (x < 0 || y < 0 || w < 1 || h < 1 || x + w > 24) {
        problems.add("panel " + p.id() + " \"" + p.title() + "\": gridPos " + grid + " is off the 24-column grid");
      }
      for (int i = 0; i < boxes.size(); i++) {
        int[] o = boxes.get(i);
        if (x < o[0] + o[2] && o[0] < x + w && y < o[1] + o[3] && o[1] < y + h) {
          problems.add("panel " + p.id() + " \"" + p.title() + "\" overlaps panel " + panels.get(i).id());
        }
      }
      boxes.add(new int[] {x, y, w, h});
    }
    assertThat(problems).as(d.fileName()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dashboards")
  void queriesUseDefinedVariablesAndDocumentedMetrics(Dashboard d) {
    MetricCatalog catalog = MetricCatalog.fromDocs();
    Set<String> variables = d.variables().stream().map(v -> Dashboard.string(v, "name")).collect(Collectors.toSet());
    List<String> problems = new ArrayList<>();
    for (Dashboard.Panel p : d.dataPanels()) {
      for (Dashboard.Query q : p.queries()) {
        String where = "panel \"" + p.title() + "\" " + q.refId();
        for (String ref : GrafanaTemplating.references(q.expr())) {
          if (!variables.contains(ref) && !GrafanaTemplating.BUILT_INS.containsKey(ref)) {
            problems.add(where + ": unknown variable $" + ref);
          }
        }
        Set<String> names = PromQlNames.metricNames(q.expr());
        if (names.isEmpty()) {
          problems.add(where + ": selects no metric");
        }
        for (String name : names) {
          if (!catalog.knows(name)) {
            problems.add(where + ": " + name + " is neither in docs/metrics.md nor a known self metric");
          }
        }
      }
    }
    assertThat(problems).as(d.fileName()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dashboards")
  void everySelectorIsScopedToTheSelectedClusterAndNode(Dashboard d) {
    List<String> problems = new ArrayList<>();
    for (Dashboard.Panel p : d.dataPanels()) {
      for (Dashboard.Query q : p.queries()) {
        String where = "panel \"" + p.title() + "\" " + q.refId();
        for (String name : PromQlNames.metricNames(q.expr())) {
          if (Pattern.compile("(?<![\\w:])" + Pattern.quote(name) + "(?![\\w:])(?!\\s*\\{)").matcher(q.expr()).find()) {
            problems.add(where + ": " + name + " is selected without label matchers");
          }
        }
        for (String selector : PromQlNames.selectors(q.expr())) {
          if (!selector.contains("cluster=~\"$cluster\"") || !selector.contains("$node_label=~\"$node\"")) {
            problems.add(where + ": " + selector + " is not narrowed to cluster=~\"$cluster\" and $node_label=~\"$node\"");
          }
        }
      }
    }
    assertThat(problems).as(d.fileName()).isEmpty();
  }

  @Test
  void everyQueryParsesAsPromQl(@TempDir Path temp) throws IOException {
    Promtool promtool = Promtool.locateOrAbort();
    Map<String, String> origin = new LinkedHashMap<>();
    StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard-queries\n    rules:\n");
    for (Dashboard d : Dashboard.loadAll()) {
      String prefix = d.uid().replace('-', '_');
      for (Dashboard.Panel p : d.dataPanels()) {
        for (Dashboard.Query q : p.queries()) {
          String record = prefix + ":panel_" + p.id() + "_" + q.refId();
          origin.put(record, d.fileName() + " panel \"" + p.title() + "\" " + q.refId());
          rules.append("      - record: ").append(record).append('\n')
              .append("        expr: ").append(jsonString(GrafanaTemplating.substitute(q.expr(), SAMPLE_VALUES)))
              .append('\n');
        }
      }
    }
    Path file = temp.resolve("dashboard-queries.rules.yaml");
    Files.writeString(file, rules);
    Promtool.Result result = promtool.checkRules(file);
    assertThat(result.ok()).as(() -> "dashboard queries that do not parse: " + origin.entrySet().stream()
        .filter(e -> result.output().contains(e.getKey())).map(Map.Entry::getValue).toList()
        + System.lineSeparator() + result.describe()).isTrue();
    assertThat(result.output()).contains("SUCCESS: " + origin.size() + " rules found");
  }

  @Test
  void readmeDescribesEveryRowAndPanel() {
    String readme = RepoFiles.read(RepoFiles.dashboardsDir().resolve("README.md"));
    List<String> problems = new ArrayList<>();
    for (Dashboard d : Dashboard.loadAll()) {
      String section = section(readme, d.fileName());
      if (section == null) {
        problems.add("no \"## \" section naming " + d.fileName());
        continue;
      }
      for (Dashboard.Panel p : d.panels()) {
        String expected = p.isRow() ? "### " + p.title() + "\n" : "**" + p.title() + "**";
        if (!section.contains(expected)) {
          problems.add(d.fileName() + ": the README section does not describe " + (p.isRow() ? "row" : "panel")
              + " \"" + p.title() + "\" (expected " + expected.strip() + ")");
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  /** The part of {@code markdown} from the level-2 heading that names {@code fileName} to the next one. */
  static String section(String markdown, String fileName) {
    String[] parts = markdown.split("(?m)^(?=## )");
    for (String part : parts) {
      String heading = part.lines().findFirst().orElse("");
      if (heading.startsWith("## ") && heading.contains(fileName)) {
        return part;
      }
    }
    return null;
  }

  private static boolean datasourceIsVariable(JsonObject datasource) {
    return datasource != null && DATASOURCE_REF.equals(Dashboard.string(datasource, "uid"))
        && "prometheus".equals(Dashboard.string(datasource, "type"));
  }

  private static String unit(JsonObject panel) {
    JsonObject fieldConfig = panel.getAsJsonObject("fieldConfig");
    if (fieldConfig == null || !fieldConfig.has("defaults")) {
      return "";
    }
    return Dashboard.string(fieldConfig.getAsJsonObject("defaults"), "unit");
  }

  /** A JSON string literal, which YAML reads as a double-quoted scalar. */
  private static String jsonString(String value) {
    return new com.google.gson.JsonPrimitive(value).toString();
  }
}
