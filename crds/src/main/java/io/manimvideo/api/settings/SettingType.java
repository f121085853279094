package io.manimvideo.api.settings;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * How the text of an environment variable becomes a value.
 *
 * @param label what a valid value looks like, for the configuration reference and for errors
 * @param parser throws on a value that does not parse
 */
public record SettingType<T>(String label, Function<String, T> parser) {
    public static final SettingType<String> TEXT = new SettingType<>("any text", Function.identity());
    public static final SettingType<Integer> INTEGER = new SettingType<>("a whole number", Integer::parseInt);
    public static final SettingType<Boolean> BOOLEAN = new SettingType<>("true or false", SettingType::bool);
    /** Every duration setting is a timeout, interval or lifetime: zero or less would be a busy loop or nothing. */
    public static final SettingType<Duration> DURATION =
            new SettingType<>("an ISO-8601 duration above zero (PT5M)", SettingType::positiveDuration);

    public static final SettingType<Integer> POSITIVE_INTEGER =
            new SettingType<>("a whole number, at least 1", SettingType::positive);
    public static final SettingType<Duration> SECONDS =
            new SettingType<>("whole seconds, at least 1", value -> Duration.ofSeconds(positive(value)));
    public static final SettingType<URI> HTTP_URL = new SettingType<>("an http(s) URL", SettingType::httpUrl);
    /** Comma-separated words, blanks dropped. */
    public static final SettingType<List<String>> LIST = new SettingType<>(
            "a comma-separated list",
            value -> Arrays.stream(value.split(","))
                    .map(String::trim)
                    .filter(s -> !s.isEmpty())
                    .toList());

    /** One of a fixed set of words. */
    public static SettingType<String> oneOf(String... allowed) {
        List<String> words = List.of(allowed);
        return new SettingType<>("one of " + String.join(", ", words), value -> {
            if (!words.contains(value)) {
                throw new IllegalArgumentException(value);
            }
            return value;
        });
    }

    private static int positive(String value) {
        int number = Integer.parseInt(value);
        if (number < 1) {
            throw new IllegalArgumentException(value);
        }
        return number;
    }

    private static Duration positiveDuration(String value) {
        Duration duration = Duration.parse(value);
        if (duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException(value);
        }
        return duration;
    }

    private static URI httpUrl(String value) {
        try {
            URI uri = new URI(value);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                throw new IllegalArgumentException("not http(s)");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Boolean bool(String value) {
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException(value);
        }
        return Boolean.parseBoolean(value);
    }
}
