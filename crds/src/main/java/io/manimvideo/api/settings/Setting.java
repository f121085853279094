package io.manimvideo.api.settings;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One environment variable a service reads, declared once: its name, type, default and meaning (in the
 * manner of Flink's {@code ConfigOption}). The services read it through {@link Environment}; the
 * configuration reference (docs/configuration.md) and the chart's tests are made from the declarations.
 *
 * @param name the variable; {@code <NAME>} stands for a part the operator's configuration supplies
 *     ({@code CODEGEN_<NAME>_MODEL})
 * @param type how its text becomes a value
 * @param defaultValue the text used when the variable is unset or blank, or null when there is none
 * @param defaultText how the reference describes the default when it is not a fixed text (a computed
 *     default, or none)
 * @param description what it does, for the reference
 * @param secret whether its value is a credential: read from a Secret, never printed
 */
public record Setting<T>(
        String name, SettingType<T> type, String defaultValue, String defaultText, String description, boolean secret) {
    private static final String PLACEHOLDER = "<NAME>";

    /** A default that does not parse is a mistake in the declaration: it fails when the class loads. */
    public Setting {
        if (defaultValue != null) {
            type.parser().apply(defaultValue);
        }
    }

    public static Setting<String> text(String name, String defaultValue, String description) {
        return new Setting<>(name, SettingType.TEXT, defaultValue, null, description, false);
    }

    /** A variable of any type with a fixed default, written as it would be in the variable. */
    public static <T> Setting<T> of(String name, SettingType<T> type, String defaultValue, String description) {
        return new Setting<>(name, type, defaultValue, null, description, false);
    }

    public static Setting<Integer> integer(String name, int defaultValue, String description) {
        return new Setting<>(name, SettingType.INTEGER, String.valueOf(defaultValue), null, description, false);
    }

    public static Setting<Boolean> bool(String name, boolean defaultValue, String description) {
        return new Setting<>(name, SettingType.BOOLEAN, String.valueOf(defaultValue), null, description, false);
    }

    /** A duration whose default is written as it would be in the variable ({@code P7D}, {@code PT5M}). */
    public static Setting<Duration> duration(String name, String defaultValue, String description) {
        return new Setting<>(name, SettingType.DURATION, defaultValue, null, description, false);
    }

    /** A variable without a fixed default: {@code defaultText} says what happens when it is unset. */
    public static <T> Setting<T> optional(String name, SettingType<T> type, String defaultText, String description) {
        return new Setting<>(name, type, null, defaultText, description, false);
    }

    /** The same setting, holding a credential. */
    public Setting<T> asSecret() {
        return new Setting<>(name, type, defaultValue, defaultText, description, true);
    }

    /** The default as a value, if there is a fixed one. */
    public Optional<T> defaultParsed() {
        return Optional.ofNullable(defaultValue).map(this::parse);
    }

    /**
     * Parses a value of this variable.
     *
     * @throws IllegalArgumentException naming the variable and what it expects (the value only when not secret)
     */
    public T parse(String value) {
        try {
            return type.parser().apply(value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    name + " must be " + type.label() + (secret ? "" : ", got '" + value + "'"), e);
        }
    }

    /** This setting for one part of its name ({@code CODEGEN_<NAME>_MODEL} for {@code groq}). */
    public Setting<T> forPart(String part) {
        return new Setting<>(name.replace(PLACEHOLDER, part), type, defaultValue, defaultText, description, secret);
    }

    /** Whether this stands for a family of variables, one for each value of {@code <NAME>}. */
    public boolean isFamily() {
        return name.contains(PLACEHOLDER);
    }

    /** Whether an environment variable is this setting (for a family, any of its members). */
    public boolean matches(String variable) {
        String[] pieces = name.split(Pattern.quote(PLACEHOLDER), -1);
        StringBuilder regex = new StringBuilder(Pattern.quote(pieces[0]));
        for (int i = 1; i < pieces.length; i++) {
            regex.append("[A-Z0-9_]+").append(Pattern.quote(pieces[i]));
        }
        return variable.matches(regex.toString());
    }
}
