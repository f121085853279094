package io.manimvideo.ingress.whatsapp;

/** How a Cloud API send ended. Transport failures fail the Future instead. */
public sealed interface WhatsAppResult {
    /** Re-engagement message: more than 24 hours since the person last wrote; only templates may be sent. */
    int OUTSIDE_WINDOW = 131047;
    /** Cloud API throughput limit of the business number. */
    int THROUGHPUT_LIMIT = 130429;
    /** Too many messages from the business number to this person (pair rate limit). */
    int PAIR_RATE_LIMIT = 131056;

    /** Accepted; {@code messageId} is the wamid of our message. */
    record Sent(String messageId) implements WhatsAppResult {}

    /** 131047: the 24-hour customer service window is closed; wait for the person to write again. */
    record OutsideWindow(String details) implements WhatsAppResult {}

    /** 130429 or 131056 (or HTTP 429): try later. */
    record RateLimited(int code, String details) implements WhatsAppResult {}

    /** Any other error: HTTP status, Graph API error code (0 if none) and message. */
    record Failed(int httpStatus, int code, String message) implements WhatsAppResult {}

    default boolean isSent() {
        return this instanceof Sent;
    }
}
