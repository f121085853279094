package io.manimvideo.local.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Server-side Table output ({@code Accept: application/json;as=Table;g=meta.k8s.io;v=v1}): what makes
 * {@code kubectl get vj} show the CRD's printer columns, as a real API server does.
 */
final class TableView {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private final Clock clock;

  TableView(Clock clock) {
    this.clock = clock;
  }

  static boolean wanted(String accept) {
    return accept != null && accept.contains("as=Table");
  }

  /**
   * @param body a list or a single object, as the CRUD store answered
   * @param includeObject the request's {@code includeObject} parameter (None, Object, or metadata by default)
   */
  ObjectNode render(JsonNode body, List<CustomResourceColumnDefinition> columns, String includeObject) {
    var table = JSON.objectNode();
    table.put("kind", "Table");
    table.put("apiVersion", "meta.k8s.io/v1");
    var metadata = table.putObject("metadata");
    metadata.put("resourceVersion", body.path("metadata").path("resourceVersion").asText(""));

    var definitions = table.putArray("columnDefinitions");
    definitions.addObject().put("name", "Name").put("type", "string").put("format", "name")
        .put("description", "Name must be unique within a namespace.").put("priority", 0);
    for (var column : columns) {
      definitions.addObject()
          .put("name", column.getName())
          .put("type", column.getType())
          .put("format", column.getFormat() == null ? "" : column.getFormat())
          .put("description", column.getDescription() == null ? "" : column.getDescription())
          .put("priority", column.getPriority() == null ? 0 : column.getPriority());
    }

    ArrayNode rows = table.putArray("rows");
    JsonNode items = body.has("items") ? body.get("items") : JSON.arrayNode().add(body);
    for (JsonNode item : items) {
      var row = rows.addObject();
      var cells = row.putArray("cells");
      cells.add(item.path("metadata").path("name").asText());
      for (var column : columns) {
        cells.add(cell(item, column));
      }
      if ("Object".equals(includeObject)) {
        row.set("object", item);
      } else if (!"None".equals(includeObject)) {
        row.putObject("object")
            .put("kind", "PartialObjectMetadata")
            .put("apiVersion", "meta.k8s.io/v1")
            .set("metadata", item.path("metadata"));
      }
    }
    return table;
  }

  private JsonNode cell(JsonNode item, CustomResourceColumnDefinition column) {
    JsonNode value = at(item, column.getJsonPath());
    if (value.isMissingNode() || value.isNull()) {
      return JSON.nullNode();
    }
    if ("date".equals(column.getType())) {
      try {
        return JSON.textNode(humanDuration(Duration.between(Instant.parse(value.asText()), clock.instant())));
      } catch (DateTimeParseException e) {
        return JSON.textNode(value.asText());
      }
    }
    return value;
  }

  /** Simple JSONPath of the form {@code .a.b.c}: the only form the printer columns here use. */
  static JsonNode at(JsonNode node, String jsonPath) {
    JsonNode current = node;
    for (String part : jsonPath.replaceFirst("^\\.", "").split("\\.")) {
      current = current.path(part);
    }
    return current;
  }

  /** The same rounding as kubectl's age column (k8s.io/apimachinery duration.HumanDuration). */
  static String humanDuration(Duration d) {
    long seconds = Math.max(0, d.toSeconds());
    if (seconds < 120) {
      return seconds + "s";
    }
    long minutes = seconds / 60;
    if (minutes < 10) {
      long s = seconds % 60;
      return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
    }
    if (minutes < 180) {
      return minutes + "m";
    }
    long hours = minutes / 60;
    if (hours < 8) {
      long m = minutes % 60;
      return m == 0 ? hours + "h" : hours + "h" + m + "m";
    }
    if (hours < 48) {
      return hours + "h";
    }
    if (hours < 192) {
      long h = hours % 24;
      return h == 0 ? hours / 24 + "d" : hours / 24 + "d" + h + "h";
    }
    if (hours < 24 * 365 * 2) {
      return hours / 24 + "d";
    }
    return hours / 24 / 365 + "y";
  }
}
