package io.manimvideo.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Fields this version of the types does not know (written under a newer CRD, or into a hand-edited object)
 * are set aside instead of failing deserialization: a failure there would break the informer's watch for
 * every VideoJob. They are written out again as they came (copies, such as JOSDK's clone of each resource it
 * hands to a reconcile, keep them), and whoever acts on the object decides what they mean
 * ({@link #unknownFields()}).
 */
public abstract class UnknownFields {
    @JsonIgnore
    private final Map<String, Object> unknown = new TreeMap<>();

    @JsonAnySetter
    void unknownField(String name, Object value) {
        unknown.put(name, value);
    }

    @JsonAnyGetter
    Map<String, Object> unknownFieldValues() {
        return unknown;
    }

    /** Names of the fields that were present but are not part of this version of the type, sorted. */
    public Set<String> unknownFields() {
        return Set.copyOf(unknown.keySet());
    }
}
