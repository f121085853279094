package io.manimvideo.local.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Field selectors on any field of a list ({@code involvedObject.name=X} for the events {@code kubectl describe}
 * shows, {@code status.phase=Running} for pods). The mock indexes only {@code metadata.name} and
 * {@code metadata.namespace}; the other requirements are taken out of the request and applied to its answer.
 */
record FieldSelector(String indexed, List<Requirement> others) {

  record Requirement(String field, String value, boolean equal) {
    boolean matches(JsonNode item) {
      JsonNode node = TableView.at(item, field);
      String actual = node.isMissingNode() || node.isNull() ? "" : node.asText();
      return actual.equals(value) == equal;
    }
  }

  static FieldSelector parse(String selector) {
    var indexed = new ArrayList<String>();
    var others = new ArrayList<Requirement>();
    if (selector != null) {
      for (String requirement : selector.split(",")) {
        if (requirement.isBlank()) {
          continue;
        }
        boolean notEqual = requirement.contains("!=");
        String[] kv = requirement.split(notEqual ? "!=" : "==?", 2);
        String field = kv[0].trim();
        if (field.equals("metadata.name") || field.equals("metadata.namespace")) {
          indexed.add(requirement);
        } else {
          others.add(new Requirement(field, kv.length > 1 ? kv[1].trim() : "", !notEqual));
        }
      }
    }
    return new FieldSelector(indexed.isEmpty() ? null : String.join(",", indexed), others);
  }

  /** Keeps the items of a list answer that meet every requirement the mock could not apply. */
  void filter(ObjectNode list) {
    if (others.isEmpty() || !(list.get("items") instanceof ArrayNode items)) {
      return;
    }
    for (int i = items.size() - 1; i >= 0; i--) {
      JsonNode item = items.get(i);
      if (!others.stream().allMatch(r -> r.matches(item))) {
        items.remove(i);
      }
    }
  }
}
