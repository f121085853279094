package io.manimvideo.api.texts;

import com.ibm.icu.text.MessageFormat;
import com.ibm.icu.text.MessagePattern;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The catalog's sentences in one language, filled in with ICU MessageFormat (plurals by CLDR rules). In a
 * right-to-left language each text put into a sentence (a problem's maths, a code, a link, an English error
 * detail) is a first-strong isolate (FSI ... PDI): the bidi algorithm otherwise pulls its brackets, signs and
 * trailing digits into the sentence's direction, and "(x + 1)^2" reads ")x + 1(^2". An argument a {@code select}
 * chooses by (a step's name, yes or no) is a keyword, not text, and stays as it is, or no case but {@code other}
 * would ever match it.
 */
public final class Texts {
    static final String FIRST_STRONG_ISOLATE = "\u2068";
    static final String POP_DIRECTIONAL_ISOLATE = "\u2069";

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
        return new MessageFormat(pattern, language.locale())
                .format(language.rightToLeft() ? isolated(args, selectors(pattern)) : args);
    }

    private static Map<String, Object> isolated(Map<String, Object> args, Set<String> selectors) {
        Map<String, Object> isolated = new LinkedHashMap<>();
        args.forEach((name, value) -> isolated.put(
                name,
                value instanceof CharSequence text && !selectors.contains(name)
                        ? FIRST_STRONG_ISOLATE + text + POP_DIRECTIONAL_ISOLATE
                        : value));
        return isolated;
    }

    /** The arguments the pattern's {@code select}s choose by. */
    private static Set<String> selectors(String pattern) {
        MessagePattern parsed = new MessagePattern(pattern);
        Set<String> names = new HashSet<>();
        for (int i = 0; i + 1 < parsed.countParts(); i++) {
            MessagePattern.Part part = parsed.getPart(i);
            if (part.getType() == MessagePattern.Part.Type.ARG_START
                    && part.getArgType() == MessagePattern.ArgType.SELECT) {
                names.add(parsed.getSubstring(parsed.getPart(i + 1)));
            }
        }
        return names;
    }
}
