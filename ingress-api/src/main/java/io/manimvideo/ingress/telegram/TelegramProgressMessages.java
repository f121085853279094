package io.manimvideo.ingress.telegram;

import io.manimvideo.ingress.redis.RedisCommands;
import io.manimvideo.ingress.redis.RedisKeys;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import java.time.Duration;
import java.util.Optional;

/** The one message per job that is edited as the job moves (its Telegram message_id), shared by replicas. */
public final class TelegramProgressMessages {
    /** As long as a VideoJob record can live. */
    private static final Duration TTL = Duration.ofDays(8);

    private final RedisCommands redis;

    public TelegramProgressMessages(RedisCommands redis) {
        this.redis = redis;
    }

    public Future<Void> remember(String jobName, int messageId) {
        return redis.send(Command.SET, RedisKeys.progressMessage(jobName), messageId, "EX", TTL.toSeconds())
                .mapEmpty();
    }

    public Future<Optional<Integer>> find(String jobName) {
        return redis.send(Command.GET, RedisKeys.progressMessage(jobName))
                .map(value -> value == null ? Optional.empty() : Optional.of(value.toInteger()));
    }
}
