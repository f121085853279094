package io.manimvideo.ingress.redis;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import java.time.Duration;
import java.util.List;

/**
 * "Have we seen this before?" across every replica: SET NX with a TTL, or a claim that lapses while the work goes
 * on ({@link #claim}). Used for platform message ids (Telegram update_id, WhatsApp wamid) and for notification guards
 * (job + phase). When the work the marker stands for fails, {@link #forget} lets a redelivery try again.
 */
public final class Deduplicator {
    private static final LuaScript CLAIM = LuaScript.load("claim.lua");

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

    /** What {@link #claim} found. */
    public enum Claim {
        /** Claimed now: do the work, then {@link #done} (or {@link #forget} when it failed). */
        TAKEN,
        /** Another holder is doing it; its claim lapses by itself if it dies, so asking again later may take it. */
        WORKING,
        /** Done already. */
        DONE
    }

    /**
     * Claims scope/id for work that may take up to {@code workTtl}. Unlike {@link #firstTime}, a holder that dies
     * mid-work does not keep the claim for the whole TTL of a finished one.
     */
    public Future<Claim> claim(String scope, String id, Duration workTtl) {
        return redis.eval(CLAIM, List.of(RedisKeys.dedupe(scope, id)), List.of(millis(workTtl)))
                .map(response -> switch (response.toString()) {
                    case "taken" -> Claim.TAKEN;
                    case "working" -> Claim.WORKING;
                    default -> Claim.DONE; // also the "1" of a guard from firstTime
                });
    }

    /** Marks a {@link #claim claimed} scope/id done, remembered for {@code ttl}. */
    public Future<Void> done(String scope, String id, Duration ttl) {
        return redis.send(Command.SET, RedisKeys.dedupe(scope, id), "done", "PX", millis(ttl))
                .mapEmpty();
    }

    public Future<Void> forget(String scope, String id) {
        return redis.send(Command.DEL, RedisKeys.dedupe(scope, id)).mapEmpty();
    }

    /** PX wants at least 1. */
    private static long millis(Duration ttl) {
        return Math.max(1, ttl.toMillis());
    }
}
