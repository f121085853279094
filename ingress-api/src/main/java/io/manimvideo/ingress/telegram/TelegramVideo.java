package io.manimvideo.ingress.telegram;

/** A finished video to deliver: a presigned GET URL and what we know of the object. */
public record TelegramVideo(String url, long sizeBytes, String contentType, String fileName, String caption) {
    /** The Bot API fetches videos by URL only up to 20 MB. */
    public static final long URL_LIMIT_BYTES = 20L * 1024 * 1024;
    /** Bots may upload files up to 50 MB. */
    public static final long UPLOAD_LIMIT_BYTES = 50L * 1024 * 1024;
}
