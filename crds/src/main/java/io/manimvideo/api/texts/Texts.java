package io.manimvideo.api.texts;

import com.ibm.icu.text.MessageFormat;
import java.util.Map;

/** The catalog's sentences in one language, filled in with ICU MessageFormat (plurals by CLDR rules). */
public final class Texts {
    private final Language language;
    private final Map<String, String> patterns;

    Texts(Language language, Map<String, String> patterns) {
        this.language = language;
        this.patterns = patterns;
    }

    public Language language() {
        return language;
    }

    public String say(Text text) {
        return say(text.key(), text.args());
    }

    /** The sentence {@code key} with named arguments as name, value pairs. */
    public String say(String key, Object... namesAndValues) {
        return say(Text.of(key, namesAndValues));
    }

    public String say(String key, Map<String, Object> args) {
        String pattern = patterns.get(key);
        if (pattern == null) {
            throw new IllegalArgumentException("no text " + key + " in " + language.tag());
        }
        // a new format per call: ICU's MessageFormat is not safe to share between threads
        return new MessageFormat(pattern, language.locale()).format(args);
    }
}
