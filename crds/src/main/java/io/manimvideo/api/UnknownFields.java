package io.manimvideo.api;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Set;
import java.util.TreeSet;

/**
 * Fields this version of the types does not know (written under a newer CRD, or into a hand-edited object)
 * are set aside instead of failing deserialization: a failure there would break the informer's watch for
 * every VideoJob. Whoever acts on the object decides what they mean ({@code unknownFields()}).
 */
public abstract class UnknownFields {
  @JsonIgnore
  private final Set<String> unknown = new TreeSet<>();

  @JsonAnySetter
  void unknownField(String name, Object ignored) {
    unknown.add(name);
  }

  /** Names of the fields that were present but are not part of this version of the type, sorted. */
  public Set<String> unknownFields() {
    return Set.copyOf(unknown);
  }
}
