package dev.criexporter.deploy.dashboards;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A Grafana dashboard file, parsed, with its panels (rows' nested panels included) and variables. */
public record Dashboard(Path file, JsonObject json) {

  /** A panel query: its refId, PromQL text (Grafana variables not yet substituted), legend and kind. */
  public record Query(String refId, String expr, String legendFormat, boolean instant, boolean table, JsonObject json) {
  }

  /** A panel; rows have no queries. */
  public record Panel(int id, String type, String title, JsonObject json, List<Query> queries) {

    public boolean isRow() {
      return "row".equals(type);
    }

    public Optional<Query> query(String refId) {
      return queries.stream().filter(q -> q.refId().equals(refId)).findFirst();
    }
  }

  public static Dashboard load(Path file) {
    JsonElement parsed = JsonParser.parseString(RepoFiles.read(file));
    if (!parsed.isJsonObject()) {
      throw new IllegalStateException(file + " is not a JSON object");
    }
    return new Dashboard(file, parsed.getAsJsonObject());
  }

  public static List<Dashboard> loadAll() {
    return RepoFiles.dashboardFiles().stream().map(Dashboard::load).toList();
  }

  public String fileName() {
    return file.getFileName().toString();
  }

  public String uid() {
    return string(json, "uid");
  }

  public String title() {
    return string(json, "title");
  }

  /** Every panel in layout order; the panels of collapsed rows follow their row. */
  public List<Panel> panels() {
    List<Panel> panels = new ArrayList<>();
    JsonArray top = json.has("panels") ? json.getAsJsonArray("panels") : new JsonArray();
    for (JsonElement e : top) {
      JsonObject p = e.getAsJsonObject();
      panels.add(panel(p));
      if (p.has("panels")) {
        for (JsonElement nested : p.getAsJsonArray("panels")) {
          panels.add(panel(nested.getAsJsonObject()));
        }
      }
    }
    return panels;
  }

  /** The panels that show data (everything but rows). */
  public List<Panel> dataPanels() {
    return panels().stream().filter(p -> !p.isRow()).toList();
  }

  /** The data panel (not row) titled {@code title}. */
  public Panel panel(String title) {
    return dataPanels().stream().filter(p -> p.title().equals(title)).findFirst()
        .orElseThrow(() -> new AssertionError(fileName() + " has no panel titled " + title));
  }

  /** The template variables, in definition order. */
  public List<JsonObject> variables() {
    List<JsonObject> variables = new ArrayList<>();
    JsonObject templating = json.getAsJsonObject("templating");
    if (templating != null && templating.has("list")) {
      templating.getAsJsonArray("list").forEach(v -> variables.add(v.getAsJsonObject()));
    }
    return variables;
  }

  public Optional<JsonObject> variable(String name) {
    return variables().stream().filter(v -> name.equals(string(v, "name"))).findFirst();
  }

  /** A query variable's query text, from either the string or the object form Grafana stores. */
  public static String variableQuery(JsonObject variable) {
    JsonElement query = variable.get("query");
    if (query == null || query.isJsonNull()) {
      return "";
    }
    if (query.isJsonPrimitive()) {
      return query.getAsString();
    }
    return string(query.getAsJsonObject(), "query");
  }

  private static Panel panel(JsonObject p) {
    List<Query> queries = new ArrayList<>();
    if (p.has("targets")) {
      for (JsonElement t : p.getAsJsonArray("targets")) {
        JsonObject target = t.getAsJsonObject();
        String format = string(target, "format");
        queries.add(new Query(string(target, "refId"), string(target, "expr"), string(target, "legendFormat"),
            target.has("instant") && target.get("instant").getAsBoolean(), "table".equals(format), target));
      }
    }
    int id = p.has("id") && !p.get("id").isJsonNull() ? p.get("id").getAsInt() : -1;
    return new Panel(id, string(p, "type"), string(p, "title"), p, List.copyOf(queries));
  }

  static String string(JsonObject object, String member) {
    JsonElement e = object.get(member);
    return e == null || e.isJsonNull() || !e.isJsonPrimitive() ? "" : e.getAsString();
  }
}
