package io.manimvideo.api.texts;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The languages the text catalog speaks. A person's language tag (the session's {@code language_preference},
 * Telegram's {@code language_code}) is matched to one of them; anything else is answered in English.
 */
public enum Language {
    EN("en", false),
    ES("es", false),
    PT_BR("pt-BR", false),
    FR("fr", false),
    DE("de", false),
    HI("hi", false),
    AR("ar", true);

    private final String tag;
    private final boolean rightToLeft;

    Language(String tag, boolean rightToLeft) {
        this.tag = tag;
        this.rightToLeft = rightToLeft;
    }

    /** The BCP 47 tag, also the suffix of the catalog file ({@code texts_pt-BR.properties}). */
    public String tag() {
        return tag;
    }

    public Locale locale() {
        return Locale.forLanguageTag(tag);
    }

    /** Written right to left (pages set {@code dir="rtl"}). */
    public boolean rightToLeft() {
        return rightToLeft;
    }

    /**
     * The catalog language for a tag: the same tag (any case, {@code pt-br} as Telegram sends it), else the same
     * language in another region ({@code es-MX}, {@code pt-PT}, {@code de-AT}); empty when none is spoken.
     */
    public static Optional<Language> matching(String tag) {
        if (tag == null || tag.isBlank()) {
            return Optional.empty();
        }
        String wanted = tag.strip().replace('_', '-');
        Optional<Language> exact = Arrays.stream(values())
                .filter(l -> l.tag.equalsIgnoreCase(wanted))
                .findFirst();
        if (exact.isPresent()) {
            return exact;
        }
        String primary = wanted.split("-", 2)[0].toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(l -> l.tag.split("-", 2)[0].equals(primary))
                .findFirst();
    }

    /** {@link #matching}, or English. */
    public static Language of(String tag) {
        return matching(tag).orElse(EN);
    }
}
