package io.manimvideo.local.e2e;

import io.manimvideo.ingress.fakes.FakeHttpApi;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An OpenAI-compatible chat completions server ({@code POST /v1/chat/completions} with a Bearer key) for
 * tests: answers the scripted assistant messages in order, in the real response format, and records every
 * request body. Without a scripted answer it answers 503 as an overloaded provider does.
 */
final class FakeChatCompletions extends FakeHttpApi<FakeChatCompletions> {
    private final String apiKey;
    private final List<JsonObject> requests = new CopyOnWriteArrayList<>();
    private final Deque<String> answers = new ArrayDeque<>();

    FakeChatCompletions(String apiKey) {
        this.apiKey = apiKey;
    }

    @Override
    protected void routes(Router router) {
        router.post().handler(BodyHandler.create());
        router.post("/v1/chat/completions").handler(this::complete);
    }

    /** The API root, as {@code CODEGEN_<NAME>_BASE_URL} takes it. */
    /** The OpenAI-style base URL, ending in {@code /v1}. */
    String apiBaseUrl() {
        return baseUrl() + "/v1";
    }

    /** The next requests are answered with these assistant messages, one each. */
    synchronized void answer(String... contents) {
        answers.addAll(List.of(contents));
    }

    List<JsonObject> requests() {
        return List.copyOf(requests);
    }

    private void complete(RoutingContext ctx) {
        if (!("Bearer " + apiKey).equals(ctx.request().getHeader("Authorization"))) {
            reply(ctx, 401, error("Incorrect API key provided.", "invalid_request_error", "invalid_api_key"));
            return;
        }
        JsonObject body;
        try {
            body = ctx.body().asJsonObject();
        } catch (RuntimeException e) {
            body = null;
        }
        if (body == null || body.getString("model") == null || !(body.getValue("messages") instanceof JsonArray)) {
            reply(ctx, 400, error("'messages' and 'model' are required", "invalid_request_error", null));
            return;
        }
        requests.add(body);
        String content = nextAnswer();
        if (content == null) {
            reply(ctx, 503, error("The server is overloaded, please try again later.", "server_error", null));
            return;
        }
        reply(
                ctx,
                200,
                new JsonObject()
                        .put("id", "chatcmpl-" + UUID.randomUUID().toString().replace("-", ""))
                        .put("object", "chat.completion")
                        .put("created", Instant.now().getEpochSecond())
                        .put("model", body.getString("model"))
                        .put(
                                "choices",
                                new JsonArray()
                                        .add(new JsonObject()
                                                .put("index", 0)
                                                .put(
                                                        "message",
                                                        new JsonObject()
                                                                .put("role", "assistant")
                                                                .put("content", content))
                                                .put("logprobs", null)
                                                .put("finish_reason", "stop")))
                        .put(
                                "usage",
                                new JsonObject()
                                        .put("prompt_tokens", 812)
                                        .put("completion_tokens", 164)
                                        .put("total_tokens", 976)));
    }

    private synchronized String nextAnswer() {
        return answers.poll();
    }

    private static JsonObject error(String message, String type, String code) {
        return new JsonObject()
                .put(
                        "error",
                        new JsonObject()
                                .put("message", message)
                                .put("type", type)
                                .put("param", null)
                                .put("code", code));
    }

    private static void reply(RoutingContext ctx, int status, JsonObject body) {
        ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(body.toBuffer());
    }
}
