package io.manimvideo.api.settings;

import java.util.Map;
import java.util.Optional;

/**
 * Typed reads of declared {@link Setting}s from environment variables: values are trimmed, and a blank
 * variable counts as unset.
 */
public record Environment(Map<String, String> variables) {

    public static Environment ofSystem() {
        return new Environment(System.getenv());
    }

    /** The value, or the setting's default when unset. */
    public <T> T get(Setting<T> setting) {
        return optional(setting)
                .or(setting::defaultParsed)
                .orElseThrow(
                        () -> new IllegalStateException(setting.name() + " has no default: read it with optional()"));
    }

    /** The value when set; the default is not applied. */
    public <T> Optional<T> optional(Setting<T> setting) {
        return text(setting).map(setting::parse);
    }

    /**
     * The value of a variable that must be set.
     *
     * @throws IllegalArgumentException naming the variable when it is unset or blank
     */
    public <T> T required(Setting<T> setting) {
        return optional(setting).orElseThrow(() -> new IllegalArgumentException(setting.name() + " is not set"));
    }

    /** The trimmed text when set, not parsed: for passing a variable on to the pod that reads it. */
    public Optional<String> text(Setting<?> setting) {
        return Optional.ofNullable(variables.get(setting.name()))
                .map(String::trim)
                .filter(v -> !v.isEmpty());
    }
}
