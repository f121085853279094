package io.manimvideo.api.settings;

import java.time.Duration;
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
  public static final SettingType<Duration> DURATION =
      new SettingType<>("an ISO-8601 duration (PT5M)", Duration::parse);

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

  private static Boolean bool(String value) {
    if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
      throw new IllegalArgumentException(value);
    }
    return Boolean.parseBoolean(value);
  }
}
