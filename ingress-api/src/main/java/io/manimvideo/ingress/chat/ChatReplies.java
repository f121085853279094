package io.manimvideo.ingress.chat;

import io.manimvideo.api.texts.TextCatalog;

/**
 * The bots' sentences in each catalog language: {@link #in} picks the person's (the session's
 * {@code language_preference}, or the platform's language before a session is known). No secrets, no addresses.
 */
public final class ChatReplies {
    private final TextCatalog catalog;

    public ChatReplies(TextCatalog catalog) {
        this.catalog = catalog;
    }

    /** The sentences for a person whose language tag is {@code languageTag} (English when it is not spoken). */
    public ChatTexts in(String languageTag) {
        return new ChatTexts(catalog.forTag(languageTag));
    }
}
