package io.manimvideo.ingress.chat;

import io.manimvideo.api.Platform;
import io.manimvideo.ingress.redis.RedisCommands;
import io.manimvideo.ingress.redis.RedisKeys;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import java.time.Duration;

/**
 * Chats that blocked the bot (Telegram 403, a "kicked" membership update): nothing is sent there until
 * the person writes again. Kept as long as a session lives.
 */
public final class BlockedAddresses {
    private final RedisCommands redis;
    private final Duration ttl;

    /** {@code ttl}: as long as a session lives. */
    public BlockedAddresses(RedisCommands redis, Duration ttl) {
        this.redis = redis;
        this.ttl = ttl;
    }

    public Future<Void> markBlocked(Platform platform, String address) {
        return redis.send(Command.SET, RedisKeys.blockedAddress(platform, address), "1", "EX", ttl.toSeconds())
                .mapEmpty();
    }

    public Future<Void> clear(Platform platform, String address) {
        return redis.send(Command.DEL, RedisKeys.blockedAddress(platform, address))
                .mapEmpty();
    }

    public Future<Boolean> isBlocked(Platform platform, String address) {
        return redis.send(Command.EXISTS, RedisKeys.blockedAddress(platform, address))
                .map(r -> r.toInteger() == 1);
    }
}
