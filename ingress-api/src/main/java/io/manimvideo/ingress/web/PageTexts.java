package io.manimvideo.ingress.web;

import static io.manimvideo.ingress.web.JsonReply.json;

import io.manimvideo.api.texts.Language;
import io.manimvideo.api.texts.TextCatalog;
import io.manimvideo.ingress.http.RequestLanguage;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * The web page's words ({@code page.*} in the catalog) in the caller's language: the page is static, so it asks
 * for them once and again when the person picks another language. Patterns are sent as they are; the page fills
 * in their {@code {name}} placeholders (page patterns use no plural or select).
 */
public final class PageTexts {
    private static final String PREFIX = "page.";

    private final TextCatalog catalog;
    private final SessionAuth auth;

    public PageTexts(TextCatalog catalog, SessionAuth auth) {
        this.catalog = catalog;
        this.auth = auth;
    }

    void get(RoutingContext ctx) {
        // the session's language when there is a session (it sets the request's language); else Accept-Language
        auth.require(ctx).otherwiseEmpty().onComplete(done -> {
            Language language = RequestLanguage.of(ctx);
            JsonObject texts = new JsonObject();
            catalog.patterns(language).forEach((key, pattern) -> {
                if (key.startsWith(PREFIX)) {
                    texts.put(key, pattern);
                }
            });
            ctx.response().putHeader("Content-Language", language.tag());
            json(
                    ctx,
                    200,
                    new JsonObject()
                            .put("language", language.tag())
                            .put("direction", language.rightToLeft() ? "rtl" : "ltr")
                            .put("texts", texts));
        });
    }
}
