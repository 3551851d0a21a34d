package dev.criexporter.simulator;

import java.util.Objects;

/**
 * A container image as a runtime names it.
 *
 * @param name   the tagged name, {@code docker.io/library/nginx:1.25.3}
 * @param digest the repository digest, {@code docker.io/library/nginx@sha256:<64 hex>}
 * @param id     the image id (config digest), {@code sha256:<64 hex>}
 */
public record ImageRef(String name, String digest, String id) {

  public ImageRef {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(id, "id");
  }
}
