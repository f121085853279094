package io.manimvideo.api.texts;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A sentence not yet said: its catalog key and named arguments. Made where the words are decided (a rule, a
 * failure) and said in the reader's language where the reader is known ({@link Texts#say(Text)}).
 */
public record Text(String key, Map<String, Object> args) {
    public Text {
        args = Map.copyOf(args);
    }

    /** {@code Text.of("chat.rateLimited", "minutes", 3)}: arguments as name, value pairs. */
    public static Text of(String key, Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("arguments come in name, value pairs: " + key);
        }
        Map<String, Object> args = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            args.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return new Text(key, args);
    }
}
