package io.manimvideo.ingress.fakes;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Telegram Bot API server for tests: {@code POST /bot<token>/<method>} with JSON or multipart bodies,
 * answering {@code {"ok":true,"result":...}} like the real one, recording every request (but the
 * getUpdates polls). Errors can be queued per method ({@link #failNext}) to see 429, 403 and 5xx handling.
 * Long polling as Telegram does it: {@link #deliver} queues an update; {@code getUpdates} with
 * {@code offset} confirms (drops) the updates before it, answers those from it on, and when there are none
 * holds the request up to {@code timeout} seconds for one to arrive.
 */
public final class FakeTelegramBotApi extends FakeHttpApi<FakeTelegramBotApi> {
    /**
     * One request as received. {@code json} for JSON bodies; form attributes and upload sizes for multipart;
     * {@code failedWith} the error code of a queued failure it was answered with ({@link #failNext}), {@link
     * #NO_ANSWER} for a call never answered ({@link #timesOut}), else null.
     */
    public record Request(
            String method,
            String contentType,
            JsonObject json,
            Map<String, String> form,
            Map<String, Long> uploadSizes,
            Instant receivedAt,
            Integer failedWith) {
        /** Answered with success (not with a queued failure). */
        public boolean succeeded() {
            return failedWith == null;
        }

        /** A field from the JSON body or, for multipart, the form. */
        public String field(String name) {
            if (json != null) {
                Object value = json.getValue(name);
                return value == null ? null : value.toString();
            }
            return form.get(name);
        }
    }

    private record Failure(int errorCode, String description, Integer retryAfter) {}

    /** {@link Request#failedWith} of a call that was never answered: its connection was dropped. */
    public static final int NO_ANSWER = 0;

    private final String token;
    private volatile Instant silentUntil = Instant.MIN;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Failure>> failures = new HashMap<>();
    private final AtomicInteger nextMessageId = new AtomicInteger(100);
    private final List<JsonObject> pendingUpdates = new java.util.ArrayList<>();
    private final List<Runnable> waitingPolls = new java.util.ArrayList<>();
    private final AtomicInteger polls = new AtomicInteger();

    public FakeTelegramBotApi(String token) {
        this.token = token;
    }

    @Override
    protected void routes(Router router) {
        router.post()
                .handler(BodyHandler.create().setDeleteUploadedFilesOnEnd(true).setBodyLimit(60L * 1024 * 1024));
        router.postWithRegex("^/bot([^/]+)/([A-Za-z]+)$").handler(this::handle);
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public List<Request> requests(String method) {
        return requests.stream()
                .filter(r -> r.method().equalsIgnoreCase(method))
                .toList();
    }

    /** The next {@code times} calls of {@code method} answer this error (retryAfter only for 429). */
    public synchronized void failNext(String method, int times, int errorCode, String description, Integer retryAfter) {
        Deque<Failure> queue = failures.computeIfAbsent(method.toLowerCase(), m -> new ArrayDeque<>());
        for (int i = 0; i < times; i++) {
            queue.add(new Failure(errorCode, description, retryAfter));
        }
    }

    public void tooManyRequests(String method, int times, int retryAfterSeconds) {
        failNext(method, times, 429, "Too Many Requests: retry after " + retryAfterSeconds, retryAfterSeconds);
    }

    /**
     * For {@code duration} the Bot API answers no call (but getUpdates): each is held unanswered and its connection
     * is dropped when the time is over, as a gateway that timed out does; none is acted on.
     */
    public void timesOut(java.time.Duration duration) {
        silentUntil = Instant.now().plus(duration);
    }

    public void blockedByUser(String method) {
        failNext(method, 1, 403, "Forbidden: bot was blocked by the user", null);
    }

    /** Queues an update for getUpdates (a JSON Update as Telegram sends it). */
    public void deliver(String update) {
        List<Runnable> woken;
        synchronized (this) {
            pendingUpdates.add(new JsonObject(update));
            woken = List.copyOf(waitingPolls);
            waitingPolls.clear();
        }
        woken.forEach(Runnable::run);
    }

    /** How many getUpdates calls were answered. */
    public int polls() {
        return polls.get();
    }

    public synchronized void reset() {
        requests.clear();
        failures.clear();
    }

    private void handle(RoutingContext ctx) {
        String givenToken = ctx.pathParam("param0");
        String method = ctx.pathParam("param1");
        String contentType = ctx.request().getHeader("Content-Type");
        JsonObject json = null;
        Map<String, String> form = new HashMap<>();
        Map<String, Long> uploads = new HashMap<>();
        if (contentType != null && contentType.startsWith("application/json")) {
            try {
                json = ctx.body().asJsonObject();
            } catch (RuntimeException e) {
                reply(ctx, 400, error(400, "Bad Request: can't parse JSON object", null));
                return;
            }
        } else {
            ctx.request().formAttributes().forEach(e -> form.put(e.getKey(), e.getValue()));
            for (FileUpload upload : ctx.fileUploads()) {
                uploads.put(upload.name(), upload.size());
            }
        }
        if (!token.equals(givenToken)) {
            reply(ctx, 401, error(401, "Unauthorized", null));
            return;
        }
        if (method.equalsIgnoreCase("getUpdates")) {
            getUpdates(ctx, json == null ? new JsonObject() : json);
            return;
        }
        Instant silentTill = silentUntil;
        if (Instant.now().isBefore(silentTill)) {
            requests.add(new Request(
                    method, contentType, json, Map.copyOf(form), Map.copyOf(uploads), Instant.now(), NO_ANSWER));
            long waitMillis = Math.max(
                    1, java.time.Duration.between(Instant.now(), silentTill).toMillis());
            ctx.vertx().setTimer(waitMillis, id -> ctx.request().connection().close());
            return;
        }
        Failure failure = nextFailure(method);
        Request request = new Request(
                method,
                contentType,
                json,
                Map.copyOf(form),
                Map.copyOf(uploads),
                Instant.now(),
                failure == null ? null : failure.errorCode());
        requests.add(request);
        if (failure != null) {
            reply(ctx, failure.errorCode(), error(failure.errorCode(), failure.description(), failure.retryAfter()));
            return;
        }
        if (request.field("chat_id") == null
                && !method.equalsIgnoreCase("answerCallbackQuery")
                && !method.equalsIgnoreCase("deleteWebhook")) {
            reply(ctx, 400, error(400, "Bad Request: chat_id is empty", null));
            return;
        }
        reply(ctx, 200, new JsonObject().put("ok", true).put("result", result(method, request)));
    }

    private void getUpdates(RoutingContext ctx, JsonObject params) {
        long offset = params.getLong("offset", 0L);
        long timeoutSeconds = params.getLong("timeout", 0L);
        JsonArray ready;
        synchronized (this) {
            pendingUpdates.removeIf(u -> u.getLong("update_id") < offset);
            ready = new JsonArray(pendingUpdates.stream()
                    .limit(100)
                    .map(JsonObject::copy)
                    .map(Object.class::cast)
                    .toList());
            if (ready.isEmpty() && timeoutSeconds > 0 && !ctx.response().ended()) {
                boolean[] answered = {false};
                Runnable answer = () -> {
                    synchronized (answered) {
                        if (!answered[0]) {
                            answered[0] = true;
                            getUpdates(ctx, params.copy().put("timeout", 0));
                        }
                    }
                };
                waitingPolls.add(answer);
                ctx.vertx().setTimer(timeoutSeconds * 1000, id -> answer.run());
                return;
            }
        }
        polls.incrementAndGet();
        reply(ctx, 200, new JsonObject().put("ok", true).put("result", ready));
    }

    private synchronized Failure nextFailure(String method) {
        Deque<Failure> queue = failures.get(method.toLowerCase());
        return queue == null ? null : queue.poll();
    }

    private Object result(String method, Request request) {
        switch (method.toLowerCase()) {
            case "sendmessage":
                return message(nextMessageId.getAndIncrement(), request).put("text", request.field("text"));
            case "editmessagetext":
                return message(Integer.parseInt(request.field("message_id")), request)
                        .put("text", request.field("text"))
                        .put("edit_date", Instant.now().getEpochSecond());
            case "sendvideo":
                long size = request.uploadSizes().getOrDefault("video", 0L);
                return message(nextMessageId.getAndIncrement(), request)
                        .put(
                                "video",
                                new JsonObject()
                                        .put(
                                                "file_id",
                                                "BAACAgQAAxkBAAI"
                                                        + request.receivedAt().toEpochMilli())
                                        .put("file_unique_id", "AgAD" + nextMessageId.get())
                                        .put("width", 854)
                                        .put("height", 480)
                                        .put("duration", 5)
                                        .put("mime_type", "video/mp4")
                                        .put("file_size", size));
            default:
                return true;
        }
    }

    private static JsonObject message(int messageId, Request request) {
        return new JsonObject()
                .put("message_id", messageId)
                .put(
                        "from",
                        new JsonObject()
                                .put("id", 7000001)
                                .put("is_bot", true)
                                .put("first_name", "Manim")
                                .put("username", "ManimVideoBot"))
                .put(
                        "chat",
                        new JsonObject()
                                .put("id", Long.parseLong(request.field("chat_id")))
                                .put("type", "private"))
                .put("date", Instant.now().getEpochSecond());
    }

    private static JsonObject error(int code, String description, Integer retryAfter) {
        JsonObject error =
                new JsonObject().put("ok", false).put("error_code", code).put("description", description);
        if (retryAfter != null) {
            error.put("parameters", new JsonObject().put("retry_after", retryAfter));
        }
        return error;
    }

    private static void reply(RoutingContext ctx, int status, JsonObject body) {
        ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(body.toBuffer());
    }
}
