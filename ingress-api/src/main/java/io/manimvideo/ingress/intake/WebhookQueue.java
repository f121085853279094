package io.manimvideo.ingress.intake;

import io.manimvideo.api.Platform;
import io.manimvideo.api.texts.Text;
import io.manimvideo.ingress.http.ApiProblem;
import io.manimvideo.ingress.redis.LuaScript;
import io.manimvideo.ingress.redis.RedisCommands;
import io.manimvideo.ingress.redis.RedisKeys;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.impl.types.ErrorType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A platform's acknowledged webhook calls waiting to be taken in: a Redis stream read by the consumer group
 * {@value #GROUP}, so an entry a replica was taking in when it died is taken over by another one
 * ({@link #claimIdle}). The webhook answers 200 once its body is here; what the body asks for (sessions, the
 * VideoJob, the reply) is done by {@link WebhookWorker}. As durable as Redis is (with Sentinel, on the replicas
 * {@code REDIS_REPLICA_ACKS} asks for): see docs/architecture.md.
 */
public final class WebhookQueue {
    static final String GROUP = "intake";
    private static final LuaScript APPEND = LuaScript.load("webhook_append.lua");
    private static final LuaScript DONE = LuaScript.load("webhook_done.lua");

    /**
     * One webhook call's body; {@code id} is the stream's (its first part is when it was added, in ms); calls with
     * the same {@code sender} (a chat) are taken in one after the other, in the order queued.
     */
    public record Entry(String id, String sender, Buffer body) {
        long addedAtMillis() {
            return Long.parseLong(id.substring(0, id.indexOf('-')));
        }
    }

    private final RedisCommands appends;
    private final RedisCommands redis;
    private final Platform platform;
    private final String key;
    private final int maxLength;

    /**
     * @param appends the webhooks' connections, used for nothing else: their I/O runs on the event loops of the HTTP
     *     instances that open them, never on the worker's (a Vert.x connection stays on the loop it was opened from), and
     *     a backlog being taken in never holds them
     * @param redis the worker's reads and acknowledgements
     */
    public WebhookQueue(RedisCommands appends, RedisCommands redis, Platform platform, int maxLength) {
        this.appends = appends;
        this.redis = redis;
        this.platform = platform;
        this.key = RedisKeys.webhookQueue(platform);
        this.maxLength = maxLength;
    }

    public Platform platform() {
        return platform;
    }

    /**
     * Adds a call's body. Fails with 503 ("nothing recorded, retry") when the queue is full, and as every Redis
     * command does when Redis cannot be reached.
     */
    public Future<Void> append(String sender, Buffer body) {
        // replicated before the 200, as a submission is: the call is the only copy of the person's message
        return appends.evalReplicated(APPEND, List.of(key), List.of(maxLength, sender, body.toString()))
                .compose(id -> id != null
                        ? Future.succeededFuture()
                        : Future.failedFuture(ApiProblem.unavailable(Text.of("problem.busy"))));
    }

    /** Makes the group (and the stream) unless they exist; reading from {@code 0}, so nothing added before is missed. */
    Future<Void> createGroup() {
        return redis.send(Command.XGROUP, "CREATE", key, GROUP, "0", "MKSTREAM")
                .<Void>mapEmpty()
                .recover(failure ->
                        failure instanceof ErrorType e && e.getMessage().startsWith("BUSYGROUP")
                                ? Future.succeededFuture()
                                : Future.failedFuture(failure));
    }

    /** Up to {@code count} entries no consumer of the group has been given yet. */
    Future<List<Entry>> readNew(String consumer, int count) {
        return redis.send(Command.XREADGROUP, "GROUP", GROUP, consumer, "COUNT", count, "STREAMS", key, ">")
                .map(streams -> {
                    if (streams == null || streams.size() == 0) {
                        return List.of();
                    }
                    // RESP3 answers a map of stream to entries, RESP2 a list of [stream, entries]
                    return entries(
                            streams.isMap() ? streams.get(key) : streams.get(0).get(1));
                });
    }

    /**
     * Up to {@code count} entries given to a consumer (this one or another, perhaps gone) at least {@code idle}
     * ago and not taken in since, now given to {@code consumer}.
     */
    Future<List<Entry>> claimIdle(String consumer, Duration idle, int count) {
        return redis.send(Command.XAUTOCLAIM, key, GROUP, consumer, idle.toMillis(), "0-0", "COUNT", count)
                .map(claimed -> entries(claimed.get(1)));
    }

    /** The entry is taken in (or given up): it leaves the queue. */
    Future<Void> done(Entry entry) {
        return redis.eval(DONE, List.of(key), List.of(GROUP, entry.id())).mapEmpty();
    }

    private static List<Entry> entries(Response list) {
        List<Entry> entries = new ArrayList<>();
        for (Response entry : list) {
            Response fields = entry.get(1);
            // deleted while pending: nothing left to take in
            if (fields == null) {
                continue;
            }
            String sender = "";
            Buffer body = null;
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                switch (fields.get(i).toString()) {
                    case "sender" -> sender = fields.get(i + 1).toString();
                    case "body" -> body = fields.get(i + 1).toBuffer();
                    default -> {}
                }
            }
            if (body != null) {
                entries.add(new Entry(entry.get(0).toString(), sender, body));
            }
        }
        return entries;
    }
}
