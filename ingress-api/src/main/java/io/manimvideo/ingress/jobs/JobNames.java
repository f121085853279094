package io.manimvideo.ingress.jobs;

import io.manimvideo.api.Platform;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * VideoJob names derived from the platform message id (docs/design-notes.md, "Names"), so a redelivered
 * message meets AlreadyExists instead of making a second job.
 */
public final class JobNames {
    /** A Kubernetes object name as VideoJobs use it (DNS-1123 label); anything else names no job. */
    private static final java.util.regex.Pattern VALID =
            java.util.regex.Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    private JobNames() {}

    /** True when {@code name} can be a VideoJob's name: checked at the edge, before any API call. */
    public static boolean isValid(String name) {
        return name != null && VALID.matcher(name).matches();
    }

    /**
     * {@code tg-<update_id>}, {@code wa-<sha256(wamid) first 20 hex>},
     * {@code web-<sha256(session id ":" idempotency key) first 20 hex>}: a web key is scoped to its session,
     * so two people who happen to choose the same key never share a job.
     */
    public static String of(Platform platform, String sessionId, String messageId) {
        return switch (platform) {
            case TELEGRAM -> {
                if (!messageId.matches("\\d{1,19}")) {
                    throw new IllegalArgumentException("a Telegram update_id is a non-negative number");
                }
                yield "tg-" + messageId;
            }
            case WHATSAPP -> "wa-" + sha256Prefix(messageId);
            case WEB -> "web-" + sha256Prefix(sessionId + ":" + messageId);
        };
    }

    private static String sha256Prefix(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
