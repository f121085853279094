package io.manimvideo.ingress.web;

import io.manimvideo.ingress.redis.RedisCommands;
import io.manimvideo.ingress.redis.RedisKeys;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries web job updates to every replica through Redis pub/sub: the replica whose dispatcher won a
 * notification publishes it once, and each event loop of each replica hands it to the SSE streams it holds. The subscriber
 * connection is re-established whenever it drops (Redis restarts).
 */
public final class WebEventRelay implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebEventRelay.class);
    private static final long RECONNECT_MILLIS = 1000;

    private final Vertx vertx;
    private final Redis subscriberClient;
    private final SseStreams streams;
    private final Context context;
    private RedisConnection connection;
    private boolean closed;

    public WebEventRelay(Vertx vertx, Redis subscriberClient, SseStreams streams, Context context) {
        this.vertx = vertx;
        this.subscriberClient = subscriberClient;
        this.streams = streams;
        this.context = context;
    }

    /** Sends a job's new status to the streams of every relay (all replicas, all event loops). */
    public static Future<Void> publish(RedisCommands redis, String jobName, JsonObject status) {
        return redis.send(
                        Command.PUBLISH,
                        RedisKeys.WEB_EVENTS_CHANNEL,
                        new JsonObject()
                                .put("job", jobName)
                                .put("status", status)
                                .encode())
                .mapEmpty();
    }

    /** Subscribes; completes once subscribed (or keeps retrying in the background when Redis is down). */
    public Future<Void> start() {
        return subscriberClient
                .connect()
                .compose(conn -> {
                    connection = conn;
                    conn.handler(this::onMessage);
                    conn.exceptionHandler(e -> reconnect(conn));
                    conn.endHandler(v -> reconnect(conn));
                    return conn.send(Request.cmd(Command.SUBSCRIBE).arg(RedisKeys.WEB_EVENTS_CHANNEL))
                            .<Void>mapEmpty();
                })
                .onFailure(e -> {
                    LOG.warn("event=relay_subscribe_failed cause=\"{}\"", e.toString());
                    vertx.setTimer(RECONNECT_MILLIS, id -> {
                        if (!closed) {
                            start();
                        }
                    });
                });
    }

    private void reconnect(RedisConnection dropped) {
        if (closed || dropped != connection) {
            return;
        }
        connection = null;
        vertx.setTimer(RECONNECT_MILLIS, id -> {
            if (!closed) {
                start();
            }
        });
    }

    private void onMessage(Response message) {
        // RESP2 and RESP3 both deliver ["message", channel, payload]
        if (message == null
                || message.size() != 3
                || !"message".equals(message.get(0).toString())) {
            return;
        }
        JsonObject event = new JsonObject(message.get(2).toString());
        context.runOnContext(v -> streams.publish(event.getString("job"), event.getJsonObject("status")));
    }

    @Override
    public void close() {
        closed = true;
        if (connection != null) {
            connection.close();
        }
    }
}
