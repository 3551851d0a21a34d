package dev.criexporter.exporter.doctor;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/** The report as JSON for machines: every result with its check's severity, and the exit code. */
public final class JsonFormat {
  private JsonFormat() {
  }

  public static String render(DoctorReport report, DoctorPaths paths, String endpoint) {
    JsonObject root = new JsonObject();
    root.addProperty("at", report.at().toString());
    root.addProperty("durationSeconds", report.took().toMillis() / 1000.0);
    root.addProperty("hostRoot", paths.hostRoot().toString());
    root.addProperty("cgroupRoot", paths.cgroupRoot().toString());
    root.addProperty("endpoint", endpoint);
    root.addProperty("exitCode", report.exitCode());
    JsonObject summary = new JsonObject();
    for (Outcome o : Outcome.values()) {
      summary.addProperty(o.label(), report.count(o));
    }
    root.add("summary", summary);
    JsonArray checks = new JsonArray();
    for (CheckResult r : report.results()) {
      JsonObject c = new JsonObject();
      c.addProperty("check", r.check().label());
      c.addProperty("result", r.outcome().label());
      c.addProperty("severity", r.check().severity().label());
      c.addProperty("value", r.value());
      c.addProperty("evidence", r.evidence());
      if (!r.passed()) {
        c.addProperty("remedy", r.remedy());
      }
      checks.add(c);
    }
    root.add("checks", checks);
    return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(root)
        + "\n";
  }
}
