package dev.criexporter.exporter.doctor;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.Map;

/**
 * The runtime's cgroup driver and snapshotter as its verbose {@code Status} tells them: containerd
 * puts its CRI plugin configuration as JSON under {@code info["config"]} (the default runtime's
 * {@code options.SystemdCgroup}, the legacy {@code systemdCgroup}, {@code containerd.snapshotter});
 * CRI-O puts a smaller document there that names neither, so its files are read instead
 * ({@link CrioFiles}).
 *
 * @param driver {@code systemd} or {@code cgroupfs}
 * @param snapshotter {@code overlayfs}, {@code native}, ...
 */
record RuntimeSettings(Reading driver, Reading snapshotter) {

  static final String NOT_EXPOSED = "not in the runtime's Status info";

  /** Reads the settings out of a {@code Status(verbose=true)} info map; never throws. */
  static RuntimeSettings fromStatusInfo(Map<String, String> info) {
    String json = info.get("config");
    if (json == null || json.isBlank()) {
      return new RuntimeSettings(Reading.none(NOT_EXPOSED), Reading.none(NOT_EXPOSED));
    }
    JsonObject config;
    try {
      JsonElement root = JsonParser.parseString(json);
      if (!root.isJsonObject()) {
        return new RuntimeSettings(Reading.none("Status info config is not a JSON object"),
            Reading.none("Status info config is not a JSON object"));
      }
      config = root.getAsJsonObject();
    } catch (RuntimeException e) {
      String why = "Status info config is not JSON: " + e.getMessage();
      return new RuntimeSettings(Reading.none(why), Reading.none(why));
    }
    JsonObject containerd = object(config, "containerd");
    if (containerd == null) {
      return new RuntimeSettings(crioStyleDriver(config), Reading.none(NOT_EXPOSED));
    }
    String name = string(containerd, "defaultRuntimeName");
    JsonObject runtime = name == null ? null : object(object(containerd, "runtimes"), name);
    return new RuntimeSettings(containerdDriver(config, name, runtime),
        containerdSnapshotter(containerd, name, runtime));
  }

  private static Reading containerdDriver(JsonObject config, String name, JsonObject runtime) {
    if (runtime == null) {
      return Reading.none("Status config has no default runtime");
    }
    String prefix = "Status config containerd.runtimes." + name + ".options.SystemdCgroup";
    JsonObject options = object(runtime, "options");
    JsonElement systemd = options == null ? null : options.get("SystemdCgroup");
    if (systemd != null && systemd.isJsonPrimitive() && systemd.getAsJsonPrimitive().isBoolean()) {
      boolean on = systemd.getAsBoolean();
      return Reading.of(on ? "systemd" : "cgroupfs", prefix + "=" + on);
    }
    JsonElement legacy = config.get("systemdCgroup");
    if (legacy != null && legacy.isJsonPrimitive() && legacy.getAsJsonPrimitive().isBoolean()
        && legacy.getAsBoolean()) {
      return Reading.of("systemd", "Status config systemdCgroup=true");
    }
    return Reading.of("cgroupfs", prefix + " not set, runc's default");
  }

  private static Reading containerdSnapshotter(JsonObject containerd, String name,
      JsonObject runtime) {
    String global = string(containerd, "snapshotter");
    if (global != null && !global.isBlank()) {
      return Reading.of(global, "Status config containerd.snapshotter");
    }
    String own = runtime == null ? null : string(runtime, "snapshotter");
    if (own != null && !own.isBlank()) {
      return Reading.of(own, "Status config containerd.runtimes." + name + ".snapshotter");
    }
    return Reading.none(NOT_EXPOSED);
  }

  private static Reading crioStyleDriver(JsonObject config) {
    for (String key : new String[] {"cgroupManager", "cgroup_manager"}) {
      String v = string(config, key);
      if (v != null && Reading.driver(v).isPresent()) {
        return Reading.of(Reading.driver(v).get(), "Status config " + key);
      }
    }
    return Reading.none(NOT_EXPOSED);
  }

  private static JsonObject object(JsonObject o, String key) {
    if (o == null) {
      return null;
    }
    JsonElement e = o.get(key);
    return e != null && e.isJsonObject() ? e.getAsJsonObject() : null;
  }

  private static String string(JsonObject o, String key) {
    JsonElement e = o.get(key);
    return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
  }
}
