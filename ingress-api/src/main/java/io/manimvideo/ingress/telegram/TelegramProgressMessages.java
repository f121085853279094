package io.manimvideo.ingress.telegram;

import io.manimvideo.ingress.redis.RedisCommands;
import io.manimvideo.ingress.redis.RedisKeys;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import java.time.Duration;
import java.util.Optional;

/** The one message per job that is edited as the job moves (its Telegram message_id), shared by replicas. */
public final class TelegramProgressMessages {
    private final RedisCommands redis;
    /** As long as a VideoJob record can live. */
    private final Duration ttl;

    public TelegramProgressMessages(RedisCommands redis, Duration ttl) {
        this.redis = redis;
        this.ttl = ttl;
    }

    public Future<Void> remember(String jobName, int messageId) {
        return redis.send(Command.SET, RedisKeys.progressMessage(jobName), messageId, "EX", ttl.toSeconds())
                .mapEmpty();
    }

    public Future<Optional<Integer>> find(String jobName) {
        return redis.send(Command.GET, RedisKeys.progressMessage(jobName))
                .map(value -> value == null ? Optional.empty() : Optional.of(value.toInteger()));
    }
}
