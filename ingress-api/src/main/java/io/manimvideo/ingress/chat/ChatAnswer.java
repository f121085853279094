package io.manimvideo.ingress.chat;

/**
 * What to tell the person after a turn was taken in.
 *
 * @param text the reply, or null when nothing needs saying (ignored updates, a redelivered message)
 * @param jobName the VideoJob this turn made, if it made one: the reply is its first progress message
 * @param claimed whether this delivery already holds the one reply to the message (claimed with the job's
 *     history entry); otherwise the conversation claims it before answering
 */
public record ChatAnswer(String text, String jobName, boolean claimed) {
    public static final ChatAnswer SILENT = new ChatAnswer(null, null, false);

    public static ChatAnswer reply(String text) {
        return new ChatAnswer(text, null, false);
    }

    /** The same answer, in other words. */
    public ChatAnswer saying(String other) {
        return new ChatAnswer(other, jobName, claimed);
    }

    public boolean hasText() {
        return text != null;
    }
}
