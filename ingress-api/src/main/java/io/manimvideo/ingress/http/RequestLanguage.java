package io.manimvideo.ingress.http;

import io.manimvideo.api.texts.Language;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Optional;

/**
 * The language to answer a web request in: the session's ({@code language_preference}, which the session routes
 * set and change), once the request's session is known; before that, the first language of
 * {@code Accept-Language} the catalog speaks; else English.
 */
public final class RequestLanguage {
    /** Where {@link #remember} keeps the session's language on the routing context. */
    private static final String KEY = "manimvideo.language";

    private RequestLanguage() {}

    /** The session of this request prefers {@code tag}: later answers (also problems) use it. */
    public static void remember(RoutingContext ctx, String tag) {
        ctx.put(KEY, tag);
    }

    public static Language of(RoutingContext ctx) {
        String session = ctx.get(KEY);
        return Language.matching(session).orElseGet(() -> of(ctx.request()));
    }

    public static Language of(HttpServerRequest request) {
        return fromAcceptLanguage(request.getHeader("Accept-Language")).orElse(Language.EN);
    }

    static Optional<Language> fromAcceptLanguage(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        try {
            return Locale.LanguageRange.parse(header).stream()
                    .filter(range -> range.getWeight() > 0)
                    .map(range -> Language.matching(range.getRange()))
                    .flatMap(Optional::stream)
                    .findFirst();
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }
}
