package io.manimvideo.ingress.ratelimit;

import io.manimvideo.ingress.redis.LuaScript;
import io.manimvideo.ingress.redis.RedisCommands;
import io.manimvideo.ingress.redis.RedisKeys;
import io.vertx.core.Future;
import java.util.List;

/**
 * Per-session token bucket, atomic in Redis (one Lua script, Redis' own clock, so every replica shares
 * one bucket): it holds {@code rate_limit_burst} tokens and refills {@code rate_limit_per_hour} per hour.
 * A job name already charged is not charged again, so a redelivered message or a repeated idempotency
 * key never costs a second token.
 */
public final class RateLimiter {
    private static final LuaScript SCRIPT = LuaScript.load("token_bucket.lua");
    /** How long a charged job name is remembered: longer than any platform redelivers. */
    private static final long CHARGED_TTL_MS = 24 * 3600 * 1000L;

    private final RedisCommands redis;

    public RateLimiter(RedisCommands redis) {
        this.redis = redis;
    }

    /** Succeeds when the submission may go ahead; fails with {@link RateLimitedException} otherwise. */
    public Future<Void> acquire(String sessionId, String jobName, PlatformConfig config) {
        return redis.eval(
                        SCRIPT,
                        List.of(RedisKeys.rateBucket(sessionId), RedisKeys.rateCharged(sessionId)),
                        List.of(config.rateLimitBurst(), config.rateLimitPerHour(), jobName, CHARGED_TTL_MS))
                .compose(response -> {
                    long retryAfterMs = response.toLong();
                    return retryAfterMs <= 0
                            ? Future.succeededFuture()
                            : Future.failedFuture(new RateLimitedException(Math.max(1, (retryAfterMs + 999) / 1000)));
                });
    }
}
