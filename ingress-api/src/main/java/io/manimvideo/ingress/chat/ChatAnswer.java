package io.manimvideo.ingress.chat;

/**
 * What to tell the person after a turn was taken in.
 *
 * @param text the reply, or null when nothing needs saying (ignored updates, a redelivered message)
 * @param jobName the VideoJob this turn made, if it made one: the reply is its first progress message
 */
public record ChatAnswer(String text, String jobName) {
    public static final ChatAnswer SILENT = new ChatAnswer(null, null);

    public static ChatAnswer reply(String text) {
        return new ChatAnswer(text, null);
    }

    public boolean hasText() {
        return text != null;
    }
}
