package io.manimvideo.api;

import java.util.regex.Pattern;

/**
 * The shape of a language tag (BCP 47, simplified: {@code en}, {@code pt-BR}) wherever one is accepted: the CRD's
 * {@code spec.language}, the web API and chat commands, the codegen prompt. The web API contract repeats the
 * pattern ({@code contracts/openapi.yaml}, schema {@code Language}); {@code LimitsTest} checks that it agrees.
 */
public final class LanguageTag {
    /** A compile-time constant, so the CRD's schema annotation can use it. */
    public static final String PATTERN = "^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$";

    private static final Pattern COMPILED = Pattern.compile(PATTERN);

    private LanguageTag() {}

    public static boolean isValid(String tag) {
        return tag != null && COMPILED.matcher(tag).matches();
    }
}
