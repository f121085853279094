package io.manimvideo.local.apiserver;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * Just enough OpenAPI v3 for kubectl's create and apply: per group-version, a PATCH operation per resource that
 * takes the {@code fieldValidation} query parameter. Seeing it, kubectl leaves validation to the server
 * ({@code fieldValidation=Strict}) instead of downloading schemas for client-side validation; this server
 * validates nothing, as the mock never did. No schemas are published, so {@code kubectl explain} has nothing
 * to show.
 */
final class OpenApiIndex {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private final ApiDiscovery discovery;

  OpenApiIndex(ApiDiscovery discovery) {
    this.discovery = discovery;
  }

  /** {@code GET /openapi/v3}: where each group-version's document is. */
  ObjectNode root() {
    var root = JSON.objectNode();
    var paths = root.putObject("paths");
    for (ServedResource r : discovery.resources()) {
      String key = (r.group().isEmpty() ? "api/" : "apis/") + r.groupVersion();
      paths.putObject(key).put("serverRelativeURL", "/openapi/v3/" + key + "?hash=" + hash(r.group(), r.version()));
    }
    return root;
  }

  /** {@code GET /openapi/v3/api/v1} or {@code /openapi/v3/apis/GROUP/VERSION}. */
  Optional<ObjectNode> groupVersion(String group, String version) {
    List<ServedResource> resources = discovery.resources().stream()
        .filter(r -> r.group().equals(group) && r.version().equals(version))
        .toList();
    if (resources.isEmpty()) {
      return Optional.empty();
    }
    var document = JSON.objectNode().put("openapi", "3.0.0");
    document.putObject("info").put("title", "manim-video local API server").put("version", "v1.32.0");
    var paths = document.putObject("paths");
    for (ServedResource r : resources) {
      String prefix = (group.isEmpty() ? "/api/" : "/apis/") + r.groupVersion()
          + (r.namespaced() ? "/namespaces/{namespace}/" : "/");
      var patch = paths.putObject(prefix + r.plural() + "/{name}").putObject("patch");
      patch.putObject("x-kubernetes-group-version-kind")
          .put("group", group).put("version", version).put("kind", r.kind());
      patch.putArray("parameters").addObject()
          .put("name", "fieldValidation").put("in", "query").putObject("schema").put("type", "string");
    }
    return Optional.of(document);
  }

  private String hash(String group, String version) {
    return Integer.toHexString(discovery.resources().stream()
        .filter(r -> r.group().equals(group) && r.version().equals(version))
        .map(ServedResource::kind).toList().hashCode());
  }
}
