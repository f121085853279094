package io.manimvideo.api.texts;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Every sentence a person reads, one ICU MessageFormat pattern per key and {@link Language}, read once from
 * {@code texts_<tag>.properties} (UTF-8) beside this class. The build's catalog test keeps the files complete and
 * consistent, so a key missing at run time is a bug and fails loudly.
 */
public final class TextCatalog {
    private final Map<Language, Map<String, String>> patterns;

    private TextCatalog(Map<Language, Map<String, String>> patterns) {
        this.patterns = patterns;
    }

    /** Reads every language's file from the classpath. */
    public static TextCatalog load() {
        Map<Language, Map<String, String>> all = new EnumMap<>(Language.class);
        for (Language language : Language.values()) {
            all.put(language, read(fileName(language)));
        }
        return new TextCatalog(all);
    }

    public static String fileName(Language language) {
        return "texts_" + language.tag() + ".properties";
    }

    /** The sentences of one language. */
    public Texts in(Language language) {
        return new Texts(language, patterns.get(language));
    }

    /** {@link #in(Language)} for a person's tag ({@link Language#of}). */
    public Texts forTag(String tag) {
        return in(Language.of(tag));
    }

    /** Key → pattern of one language, for the catalog checks. */
    public Map<String, String> patterns(Language language) {
        return patterns.get(language);
    }

    private static Map<String, String> read(String name) {
        InputStream resource = TextCatalog.class.getResourceAsStream(name);
        if (resource == null) {
            throw new IllegalStateException("text catalog " + name + " is missing");
        }
        try (Reader in = new InputStreamReader(resource, StandardCharsets.UTF_8)) {
            Properties properties = new Properties();
            properties.load(in);
            Map<String, String> patterns = new TreeMap<>();
            properties.forEach((key, value) -> patterns.put((String) key, (String) value));
            return Map.copyOf(patterns);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
