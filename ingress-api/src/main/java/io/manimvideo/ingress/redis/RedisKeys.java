package io.manimvideo.ingress.redis;

import io.manimvideo.api.Platform;
import java.util.Locale;

/**
 * Every Redis key the ingress uses, in one place. The first five are the data model's key patterns.
 */
public final class RedisKeys {
    private RedisKeys() {}

    /** Hash: the UserSession's scalar fields. */
    public static String session(String sessionId) {
        return "session:" + sessionId;
    }

    /** String: session id of a platform address ({@code sessions:by_telegram:{chat_id}} and so on). */
    public static String sessionIndex(Platform platform, String address) {
        return "sessions:by_" + platform.name().toLowerCase(Locale.ROOT) + ":" + address;
    }

    /** Sorted set: the session's job names by creation time (the data model's JobIndex), at most 100. */
    public static String jobsBySession(String sessionId) {
        return "jobs:by_session:" + sessionId;
    }

    /** Hash: job name to VideoMetadata JSON, the session's video_history (same members as jobsBySession). */
    public static String history(String sessionId) {
        return "session:" + sessionId + ":history";
    }

    /** Hash: PlatformConfiguration overrides (no secrets: those live in Kubernetes Secrets). */
    public static String platformConfig(Platform platform) {
        return "config:platform:" + platform.name().toLowerCase(Locale.ROOT);
    }

    /** Hash: token bucket of a session (tokens, last refill in ms). */
    public static String rateBucket(String sessionId) {
        return "ratelimit:bucket:" + sessionId;
    }

    /** Hash: job names already charged to the session, so a redelivered message is not charged twice. */
    public static String rateCharged(String sessionId) {
        return "ratelimit:charged:" + sessionId;
    }

    /** String: a link code's session id. */
    public static String linkCode(String code) {
        return "link:" + code;
    }

    /** String: seen-marker of a platform message (update_id, wamid) or of a sent notification. */
    public static String dedupe(String scope, String id) {
        return "dedupe:" + scope + ":" + id;
    }

    /** String: set while the person has blocked the bot on that platform (nothing is sent there). */
    public static String blockedAddress(Platform platform, String address) {
        return "blocked:" + platform.name().toLowerCase(Locale.ROOT) + ":" + address;
    }

    /** String: message id of the Telegram message edited as a job moves. */
    public static String progressMessage(String jobName) {
        return "progress_message:" + jobName;
    }

    /**
     * Stream: webhook calls of a platform that were acknowledged and are waiting to be taken in (consumer group
     * {@code intake}; an entry is deleted once taken in).
     */
    public static String webhookQueue(Platform platform) {
        return "webhooks:" + platform.name().toLowerCase(Locale.ROOT);
    }

    /** Pub/sub channel: job updates for the web's Server-Sent Events, fanned out to every replica. */
    public static final String WEB_EVENTS_CHANNEL = "events:web";
}
