package io.manimvideo.ingress.telegram;

/** How a Bot API call ended, once retries for 429 and 5xx are spent. Transport failures fail the Future. */
public sealed interface TelegramResult {

    /** {@code ok: true}; {@code messageId} is set when the result was a Message. */
    record Sent(Integer messageId) implements TelegramResult {}

    /** 403: the person blocked the bot or left the chat; stop sending there. */
    record Blocked(String description) implements TelegramResult {}

    /** 429 with a {@code retry_after} longer than we wait, or still 429 after the last attempt. */
    record RateLimited(int retryAfterSeconds) implements TelegramResult {}

    /** The video is larger than the Bot API accepts (50 MB uploads); send a link instead. */
    record TooLarge(long sizeBytes) implements TelegramResult {}

    /** Any other error answer ({@code ok: false}) or a non-JSON error status. */
    record Failed(int errorCode, String description) implements TelegramResult {}

    default boolean isSent() {
        return this instanceof Sent;
    }
}
