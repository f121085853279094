package io.manimvideo.operator.status;

import io.manimvideo.api.ErrorInfo;
import io.manimvideo.api.texts.FailureTexts;
import io.manimvideo.api.texts.Language;
import io.manimvideo.api.texts.Text;
import io.manimvideo.api.texts.TextCatalog;
import io.manimvideo.api.texts.Texts;

/**
 * The English words the operator writes into the status and events for kubectl users, from the same catalog the
 * ingress speaks to people with. Programs read the reason and parameters beside them, never these words.
 */
public final class StatusWords {
    private final Texts english;

    public StatusWords(TextCatalog catalog) {
        this.english = catalog.in(Language.EN);
    }

    /** The sentence of a failure ({@code failure.<reason>}, filled from its parameters). */
    public String of(ErrorInfo error) {
        return english.say(FailureTexts.of(error));
    }

    public String say(Text text) {
        return english.say(text);
    }
}
