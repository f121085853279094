package io.manimvideo.codegen;

import java.util.Locale;
import java.util.Optional;

/** The accessibility wishes of {@code CODEGEN_ACCESSIBILITY}; each adds one instruction to the prompt. */
public enum AccessibilityNeed {
  AUDIO_DESCRIPTION,
  HIGH_CONTRAST,
  LARGE_TEXT;

  /** The wire name, e.g. {@code large_text}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Optional<AccessibilityNeed> fromWireName(String value) {
    for (AccessibilityNeed need : values()) {
      if (need.wireName().equals(value.trim().toLowerCase(Locale.ROOT))) {
        return Optional.of(need);
      }
    }
    return Optional.empty();
  }
}
