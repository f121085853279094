package io.manimvideo.ingress.redis;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import java.time.Duration;

/**
 * "Have we seen this before?" across every replica: SET NX with a TTL. Used for platform message ids (Telegram
 * update_id, WhatsApp wamid) and replies; work one replica does at a time is claimed with {@link WorkClaims}. When the
 * work the marker stands for fails, {@link #forget} lets a redelivery try again.
 */
public final class Deduplicator {
    private final RedisCommands redis;

    public Deduplicator(RedisCommands redis) {
        this.redis = redis;
    }

    /**
     * A claim to make inside another atomic write (a Lua script: SET key NX PX ttlMillis) instead of on its own: it
     * saves a round trip and cannot be taken without that write.
     */
    public record Marker(String key, long ttlMillis) {}

    public static Marker marker(String scope, String id, Duration ttl) {
        return new Marker(RedisKeys.dedupe(scope, id), millis(ttl));
    }

    /** True the first time this scope/id is claimed within the TTL, false afterwards. */
    public Future<Boolean> firstTime(String scope, String id, Duration ttl) {
        Marker marker = marker(scope, id, ttl);
        return redis.send(Command.SET, marker.key(), "1", "NX", "PX", marker.ttlMillis())
                .map(response -> response != null && "OK".equals(response.toString()));
    }

    /** True when this scope/id was claimed and is still remembered (one EXISTS, no claim). */
    public Future<Boolean> seen(String scope, String id) {
        return redis.send(Command.EXISTS, RedisKeys.dedupe(scope, id)).map(response -> response.toInteger() == 1);
    }

    public Future<Void> forget(String scope, String id) {
        return redis.send(Command.DEL, RedisKeys.dedupe(scope, id)).mapEmpty();
    }

    /** PX wants at least 1. */
    private static long millis(Duration ttl) {
        return Math.max(1, ttl.toMillis());
    }
}
