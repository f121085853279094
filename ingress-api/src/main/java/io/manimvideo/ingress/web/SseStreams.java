package io.manimvideo.ingress.web;

import io.manimvideo.api.Phase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Server-Sent Event streams open on this replica, by job. A stream gets each distinct status once
 * (the current one when it opens, then every change relayed to it) and ends after the last phase that
 * is news to a watcher (ready, delivered, failed, expired) with a final {@code end} event saying so, so a
 * client waiting for the stream to end does not wait for the delivery.
 * Comments keep idle connections open through proxies and the server's own idle timeout. All methods run on
 * the event loop of one verticle.
 */
public final class SseStreams {
    private static final long KEEP_ALIVE_MILLIS = 15_000;

    private final Map<String, Set<Stream>> byJob = new HashMap<>();
    private final long timer;
    private final Vertx vertx;

    private static final class Stream {
        final HttpServerResponse response;
        String lastSent;
        long lastOrder = Long.MIN_VALUE;
        long eventId;

        Stream(HttpServerResponse response) {
            this.response = response;
        }
    }

    /** {@code idleTimeout}: the server closes a connection silent for that long; a stream is never that silent. */
    public SseStreams(Vertx vertx, Duration idleTimeout) {
        this.vertx = vertx;
        this.timer = vertx.setPeriodic(
                Math.max(1, Math.min(KEEP_ALIVE_MILLIS, idleTimeout.toMillis() / 3)),
                id -> byJob.values().forEach(streams -> streams.forEach(s -> s.response.write(": keep-alive\n\n"))));
    }

    /** Starts the event stream on the response and sends the current status. */
    public void open(String jobName, HttpServerResponse response, JsonObject current) {
        response.setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-store")
                .putHeader("X-Accel-Buffering", "no");
        response.write("retry: 3000\n\n");
        Stream stream = new Stream(response);
        byJob.computeIfAbsent(jobName, k -> new LinkedHashSet<>()).add(stream);
        response.closeHandler(v -> remove(jobName, stream));
        send(jobName, stream, current);
    }

    /** A job's new status, to every stream of this replica that follows it. */
    public void publish(String jobName, JsonObject status) {
        Set<Stream> streams = byJob.get(jobName);
        if (streams != null) {
            List.copyOf(streams).forEach(stream -> send(jobName, stream, status));
        }
    }

    /** Ends every stream (shutdown: the browsers reconnect to another replica). */
    public void closeAll() {
        vertx.cancelTimer(timer);
        byJob.values().forEach(streams -> List.copyOf(streams).forEach(s -> s.response.end()));
        byJob.clear();
    }

    private void send(String jobName, Stream stream, JsonObject status) {
        String key = status.getString("status") + ":" + status.getValue("progress");
        long order = status.getLong("order", 0L);
        if (key.equals(stream.lastSent) || order < stream.lastOrder) {
            return; // a repeat, or news older than what this stream already showed (replicas race)
        }
        stream.lastSent = key;
        stream.lastOrder = order;
        stream.response.write("id: " + (++stream.eventId) + "\nevent: status\ndata: " + status.encode() + "\n\n");
        Phase phase = Phase.fromWireName(status.getString("status"));
        if (endsStream(phase)) {
            remove(jobName, stream);
            JsonObject end = new JsonObject()
                    .put("status", phase.wireName())
                    .put("final", true)
                    // the status as the person's language says it (JobStatusView); "final" says the stream ends
                    .put("message", status.getString("status_message"));
            stream.response.end("id: " + (++stream.eventId) + "\nevent: end\ndata: " + end.encode() + "\n\n");
        }
    }

    /** Ready ends the stream too: what follows (delivery, cleanup) is not progress anyone waits for. */
    static boolean endsStream(Phase phase) {
        return phase == Phase.READY || phase.isTerminal();
    }

    private void remove(String jobName, Stream stream) {
        Set<Stream> streams = byJob.get(jobName);
        if (streams != null) {
            streams.remove(stream);
            if (streams.isEmpty()) {
                byJob.remove(jobName);
            }
        }
    }
}
