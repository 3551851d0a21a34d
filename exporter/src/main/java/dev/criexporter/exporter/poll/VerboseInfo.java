package dev.criexporter.exporter.poll;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the runtime-specific JSON of {@code ContainerStatus(verbose=true)}. containerd and
 * CRI-O both put a JSON document under the key {@code info} whose {@code runtimeSpec} is the OCI
 * spec the container was started with.
 */
public final class VerboseInfo {
  private VerboseInfo() {
  }

  /** The OCI {@code linux.cgroupsPath}, if the info has one. Malformed JSON gives empty. */
  public static Optional<String> cgroupsPath(Map<String, String> info) {
    String json = info.get("info");
    if (json == null || json.isEmpty()) {
      return Optional.empty();
    }
    try {
      JsonElement root = JsonParser.parseString(json);
      if (!root.isJsonObject()) {
        return Optional.empty();
      }
      JsonObject spec = object(root.getAsJsonObject(), "runtimeSpec");
      JsonObject linux = spec == null ? null : object(spec, "linux");
      if (linux == null) {
        return Optional.empty();
      }
      JsonElement p = linux.get("cgroupsPath");
      return p != null && p.isJsonPrimitive() && !p.getAsString().isEmpty()
          ? Optional.of(p.getAsString()) : Optional.empty();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static JsonObject object(JsonObject o, String key) {
    JsonElement e = o.get(key);
    return e != null && e.isJsonObject() ? e.getAsJsonObject() : null;
  }
}
