package io.manimvideo.operator.status;

import io.manimvideo.api.texts.TextCatalog;

/** The operator's English words, read once for the tests. */
public final class TestWords {
    public static final StatusWords ENGLISH = new StatusWords(TextCatalog.load());

    private TestWords() {}
}
