package io.manimvideo.ingress.redis;

import io.manimvideo.ingress.http.DependencyUnavailableException;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.impl.types.ErrorType;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The one door to Redis: sends commands and Lua scripts, and turns "Redis could not be reached", "did
 * not answer within the command timeout" or "is not the writable primary (yet)" into
 * {@link DependencyUnavailableException} (other error replies stay as they are: they are bugs, not outages). The
 * timeout bounds every wait, so a paused or overloaded Redis costs a request at most that long, and the platform
 * redelivers.
 */
public final class RedisCommands {
    /**
     * Error replies of a Redis that cannot take the write now but will (a replica, or a primary during a failover,
     * loading its data, or without the replicas min-replicas-to-write asks for), and the client's own for a command
     * whose connection closed before the answer came (the server died with it in flight): an outage, so the caller
     * retries.
     */
    private static final List<String> OUTAGE_ERRORS =
            List.of("READONLY", "MASTERDOWN", "LOADING", "NOREPLICAS", "TRYAGAIN", "CLUSTERDOWN", "CONNECTION_CLOSED");

    /** A batch entry holding a Java exception's name (a package-qualified class) instead of a reply's code. */
    private static final Pattern NO_REPLY_IN_BATCH =
            Pattern.compile("\\[\\d+] [a-z][\\w$]*(\\.[\\w$]+)+(:|$)", Pattern.MULTILINE);

    private final Redis redis;
    private final long timeoutMillis;
    private final int replicaAcks;

    /**
     * @param replicaAcks replicas that must have a {@link #evalReplicated replicated} write before it counts as
     *     made (REDIS_REPLICA_ACKS); 0 for a Redis without replicas
     */
    public RedisCommands(Redis redis, Duration commandTimeout, int replicaAcks) {
        this.redis = redis;
        this.timeoutMillis = commandTimeout.toMillis();
        this.replicaAcks = replicaAcks;
    }

    public Future<Response> send(Command command, Object... args) {
        return redis.send(request(command, args))
                .timeout(timeoutMillis, TimeUnit.MILLISECONDS)
                .recover(RedisCommands::translate);
    }

    /**
     * As {@link #eval}, and done only once {@code replicaAcks} replicas have the write: for the records whose loss
     * would lose a message the person was told was accepted (a submission's history entry, a new session). Redis
     * replicates asynchronously, so a primary that dies right after answering may take its last writes with it,
     * and Sentinel then promotes a replica without them. {@code WAIT} on the same connection (one batch) waits
     * until replicas have everything that connection wrote; when too few confirm within half the command timeout
     * this fails as an outage (503 "nothing was recorded, retry"): the write may stand on the primary, but every
     * such script is idempotent, so the retry finds it, writes again (the scripts always refresh the TTLs, so the
     * retry's own WAIT covers the earlier write) and waits again. {@code min-replicas-to-write} on the server
     * would not do: it only refuses writes while replicas lag by seconds, it does not wait for this one. Writes
     * made earlier on other connections (the session a chat message resolved) come first in the one replication
     * stream, so they are covered too. The script is sent whole (EVAL), as a batch cannot fall back from
     * EVALSHA's NOSCRIPT, which a promoted replica answers until it has seen the script.
     */
    public Future<Response> evalReplicated(LuaScript script, List<String> keys, List<?> args) {
        if (replicaAcks == 0) {
            return eval(script, keys, args);
        }
        long waitMillis = Math.max(1, timeoutMillis / 2);
        return redis.batch(List.of(
                        request(Command.EVAL, evalArgs(script.source(), keys, args)),
                        request(Command.WAIT, replicaAcks, waitMillis)))
                .timeout(timeoutMillis, TimeUnit.MILLISECONDS)
                .recover(RedisCommands::translate)
                .compose(replies -> {
                    int acknowledged = replies.get(1).toInteger();
                    return acknowledged >= replicaAcks
                            ? Future.succeededFuture(replies.get(0))
                            : Future.failedFuture(new DependencyUnavailableException(
                                    "Redis",
                                    new IllegalStateException(acknowledged + " of " + replicaAcks
                                            + " replicas confirmed the write within " + waitMillis + " ms")));
                });
    }

    private static Request request(Command command, Object... args) {
        Request request = Request.cmd(command);
        for (Object arg : args) {
            request.arg(String.valueOf(arg));
        }
        return request;
    }

    /** Runs a script by its sha; loads it when Redis does not know it yet (after a restart). */
    public Future<Response> eval(LuaScript script, List<String> keys, List<?> args) {
        return send(Command.EVALSHA, evalArgs(script.sha(), keys, args))
                .recover(failure -> failure instanceof ErrorType e
                                && e.getMessage() != null
                                && e.getMessage().startsWith("NOSCRIPT")
                        ? send(Command.EVAL, evalArgs(script.source(), keys, args))
                        : Future.failedFuture(failure));
    }

    public Future<Boolean> ping() {
        return send(Command.PING).map(r -> true);
    }

    private static Object[] evalArgs(String scriptOrSha, List<String> keys, List<?> args) {
        Object[] all = new Object[2 + keys.size() + args.size()];
        all[0] = scriptOrSha;
        all[1] = keys.size();
        int i = 2;
        for (String key : keys) {
            all[i++] = key;
        }
        for (Object arg : args) {
            all[i++] = arg;
        }
        return all;
    }

    private static <T> Future<T> translate(Throwable failure) {
        if (failure instanceof ErrorType error && !isOutage(error)) {
            return Future.failedFuture(failure);
        }
        return Future.failedFuture(new DependencyUnavailableException("Redis", failure));
    }

    /**
     * An error reply naming an outage: at its start, or after a batch's {@code [index] } prefix; or a batch whose
     * command got no reply at all: the client then writes the transport's exception after the prefix ({@code ERR [0]
     * java.net.SocketException: Connection reset} when the primary goes away mid-batch), where a reply has its code.
     */
    static boolean isOutage(ErrorType error) {
        String message = error.getMessage() == null ? "" : error.getMessage();
        return OUTAGE_ERRORS.stream().anyMatch(code -> message.startsWith(code) || message.contains("] " + code))
                || NO_REPLY_IN_BATCH.matcher(message).find();
    }
}
