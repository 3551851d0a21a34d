package dev.criexporter.exporter;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Version and revision baked in at build time (from build-info.properties). */
public record BuildInfo(String version, String revision) {

  public static BuildInfo load() {
    Properties p = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream("/cri-exporter-build.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // fall through to defaults
    }
    return new BuildInfo(value(p, "version"), value(p, "revision"));
  }

  private static String value(Properties p, String key) {
    String v = p.getProperty(key, "");
    return v.isBlank() || v.startsWith("${") ? "unknown" : v;
  }
}
