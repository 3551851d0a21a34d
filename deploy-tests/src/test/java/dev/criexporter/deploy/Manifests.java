package dev.criexporter.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** The objects of a rendered chart, in the order helm printed them. */
final class Manifests {

  private final String yaml;
  private final List<K8sObject> objects;

  private Manifests(String yaml, List<K8sObject> objects) {
    this.yaml = yaml;
    this.objects = List.copyOf(objects);
  }

  /** Parses the YAML documents of {@code yaml}; empty documents are left out. */
  static Manifests parse(String yaml) {
    List<K8sObject> objects = new ArrayList<>();
    for (Object doc : new Load(LoadSettings.builder().build()).loadAllFromString(yaml)) {
      if (doc == null) {
        continue;
      }
      if (!(doc instanceof Map<?, ?> map)) {
        throw new AssertionError("a rendered document is not a mapping: " + doc);
      }
      objects.add(new K8sObject(map));
    }
    return new Manifests(yaml, objects);
  }

  /** The YAML text as rendered. */
  String yaml() {
    return yaml;
  }

  List<K8sObject> all() {
    return objects;
  }

  List<K8sObject> ofKind(String kind) {
    return objects.stream().filter(o -> o.kind().equals(kind)).toList();
  }

  /** The one object of {@code kind}; fails if there is none or more than one. */
  K8sObject only(String kind) {
    List<K8sObject> found = ofKind(kind);
    if (found.size() != 1) {
      throw new AssertionError("expected exactly one " + kind + ", found " + found.size() + " among " + kinds());
    }
    return found.get(0);
  }

  /** "Kind/name" of every object, in order. */
  List<String> kinds() {
    return objects.stream().map(o -> o.kind() + "/" + o.name()).collect(Collectors.toList());
  }
}
