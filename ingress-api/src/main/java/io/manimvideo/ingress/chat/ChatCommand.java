package io.manimvideo.ingress.chat;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The commands both bots understand. {@code /code} is not here: it turns into {@link ChatInput.Code}. */
public enum ChatCommand {
    START,
    HELP,
    STATUS,
    HISTORY,
    CANCEL,
    LANGUAGE,
    LINK,
    VOICE;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ChatCommand> fromWord(String word) {
        return Arrays.stream(values())
                .filter(c -> c.word().equalsIgnoreCase(word))
                .findFirst();
    }
}
