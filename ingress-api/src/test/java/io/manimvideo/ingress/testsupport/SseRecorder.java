package io.manimvideo.ingress.testsupport;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/** Reads a Server-Sent Event stream in the background and keeps the data of each event, by event name. */
public final class SseRecorder implements AutoCloseable {
    private final List<JsonObject> events = new CopyOnWriteArrayList<>();
    private final List<JsonObject> ends = new CopyOnWriteArrayList<>();
    private final CompletableFuture<HttpResponse<Stream<String>>> response = new CompletableFuture<>();
    private volatile boolean ended;

    public SseRecorder(ApiClient client, String path, String token) {
        Thread reader = new Thread(
                () -> {
                    try {
                        HttpResponse<Stream<String>> r = client.http()
                                .send(
                                        client.request(
                                                "GET",
                                                path,
                                                token,
                                                null,
                                                java.util.Map.of("Accept", "text/event-stream")),
                                        HttpResponse.BodyHandlers.ofLines());
                        response.complete(r);
                        String[] eventName = {"message"};
                        try (Stream<String> lines = r.body()) {
                            lines.forEach(l -> {
                                if (l.startsWith("event: ")) {
                                    eventName[0] = l.substring(7);
                                } else if (l.startsWith("data: ")) {
                                    (eventName[0].equals("end") ? ends : events).add(new JsonObject(l.substring(6)));
                                } else if (l.isEmpty()) {
                                    eventName[0] = "message";
                                }
                            });
                        }
                    } catch (Exception closed) {
                        response.completeExceptionally(closed);
                    } finally {
                        ended = true;
                    }
                },
                "sse-recorder");
        reader.setDaemon(true);
        reader.start();
    }

    public HttpResponse<Stream<String>> response() {
        return response.join();
    }

    public List<JsonObject> events() {
        return List.copyOf(events);
    }

    /** The data of the final {@code end} events (at most one). */
    public List<JsonObject> ends() {
        return List.copyOf(ends);
    }

    /** The status of each status event, in order. */
    public List<String> statuses() {
        return events.stream().map(e -> e.getString("status")).toList();
    }

    public boolean ended() {
        return ended;
    }

    @Override
    public void close() {
        response.thenAccept(r -> r.body().close());
    }
}
