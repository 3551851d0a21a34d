package dev.criexporter.deploy;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One parsed Kubernetes object, read by path: {@code get("spec", "template", "spec",
 * "containers", 0, "args")}. String keys index maps, integers index lists.
 */
final class K8sObject {

  private final Map<?, ?> root;

  K8sObject(Map<?, ?> root) {
    this.root = root;
  }

  Map<?, ?> raw() {
    return root;
  }

  String kind() {
    return String.valueOf(root.get("kind"));
  }

  String apiVersion() {
    return String.valueOf(root.get("apiVersion"));
  }

  String name() {
    return string("metadata", "name");
  }

  /** The value at {@code path}, if every step exists. */
  Optional<Object> find(Object... path) {
    Object current = root;
    for (Object step : path) {
      if (step instanceof String key && current instanceof Map<?, ?> map && map.containsKey(key)) {
        current = map.get(key);
      } else if (step instanceof Integer index && current instanceof List<?> list && index >= 0 && index < list.size()) {
        current = list.get(index);
      } else {
        return Optional.empty();
      }
    }
    return Optional.ofNullable(current);
  }

  /** The value at {@code path}; fails naming the path if it is missing. */
  Object get(Object... path) {
    return find(path).orElseThrow(() -> new AssertionError(kind() + "/" + root.get("metadata") + " has nothing at "
        + List.of(path)));
  }

  String string(Object... path) {
    return String.valueOf(get(path));
  }

  /** The map at {@code path} (YAML maps of Kubernetes objects have string keys). */
  @SuppressWarnings("unchecked")
  Map<String, Object> map(Object... path) {
    Object value = get(path);
    if (!(value instanceof Map<?, ?> map)) {
      throw new AssertionError(List.of(path) + " of " + kind() + " is not a map: " + value);
    }
    return (Map<String, Object>) map;
  }

  @SuppressWarnings("unchecked")
  List<Object> list(Object... path) {
    Object value = get(path);
    if (!(value instanceof List<?> list)) {
      throw new AssertionError(List.of(path) + " of " + kind() + " is not a list: " + value);
    }
    return (List<Object>) list;
  }

  /** The list at {@code path} as strings. */
  List<String> strings(Object... path) {
    return list(path).stream().map(String::valueOf).toList();
  }

  /** The map at {@code path} wrapped for further reading. */
  K8sObject at(Object... path) {
    return new K8sObject(map(path));
  }

  @Override
  public String toString() {
    return kind() + "/" + find("metadata", "name").orElse("?");
  }
}
