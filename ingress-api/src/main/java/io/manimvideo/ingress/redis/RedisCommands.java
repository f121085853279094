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

/**
 * The one door to Redis: sends commands and Lua scripts, and turns "Redis could not be reached" or "did
 * not answer within the command timeout" into {@link DependencyUnavailableException} (error replies stay
 * as they are: they are bugs, not outages). The timeout bounds every wait, so a paused or overloaded
 * Redis costs a request at most that long, and the platform redelivers.
 */
public final class RedisCommands {
    private final Redis redis;
    private final long timeoutMillis;

    public RedisCommands(Redis redis, Duration commandTimeout) {
        this.redis = redis;
        this.timeoutMillis = commandTimeout.toMillis();
    }

    public Future<Response> send(Command command, Object... args) {
        Request request = Request.cmd(command);
        for (Object arg : args) {
            request.arg(String.valueOf(arg));
        }
        return redis.send(request).timeout(timeoutMillis, TimeUnit.MILLISECONDS).recover(RedisCommands::translate);
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
        if (failure instanceof ErrorType) {
            return Future.failedFuture(failure);
        }
        return Future.failedFuture(new DependencyUnavailableException("Redis", failure));
    }
}
