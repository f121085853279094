package io.manimvideo.codegen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A stand-in for a third-party AI provider on a loopback port. It speaks the providers' own formats
 * (OpenAI chat completions, Cloudflare Workers AI), plays scripted replies in order and records every
 * request it got.
 */
final class FakeChatServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Reply(int status, Map<String, String> headers, String body, Duration delay) {}

    record Recorded(String method, String path, Map<String, List<String>> headers, String body, Instant at) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String header(String name) {
            List<String> values = headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .findFirst()
                    .map(Map.Entry::getValue)
                    .orElse(List.of());
            return values.isEmpty() ? null : values.get(0);
        }

        /** The text of every message, in order, as {@code role: content}. */
        List<String> messages() {
            return java.util.stream.StreamSupport.stream(json().path("messages").spliterator(), false)
                    .map(m -> m.path("role").asText() + ": " + m.path("content").asText())
                    .toList();
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Deque<Reply> replies = new ArrayDeque<>();
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();

    FakeChatServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    String baseUrl(String root) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + root;
    }

    FakeChatServer enqueue(Reply reply) {
        synchronized (replies) {
            replies.addLast(reply);
        }
        return this;
    }

    List<Recorded> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(new Recorded(
                exchange.getRequestMethod(),
                exchange.getRequestURI().getRawPath(),
                Map.copyOf(exchange.getRequestHeaders()),
                body,
                Instant.now()));
        Reply reply;
        synchronized (replies) {
            reply = replies.isEmpty() ? openAiError(500, "server_error", "no reply scripted") : replies.removeFirst();
        }
        try {
            Thread.sleep(reply.delay().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.close();
            return;
        }
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        reply.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        try {
            exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException e) {
            // the client gave up (timeout test): nothing to deliver
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // --- replies in the providers' real formats ---

    /** An OpenAI chat.completion object, as Groq, the Hugging Face router, OpenAI and vLLM return it. */
    static Reply openAiAnswer(String content, int promptTokens, int completionTokens) {
        ObjectNode body = JSON.createObjectNode()
                .put("id", "chatcmpl-" + Long.toHexString(System.nanoTime()))
                .put("object", "chat.completion")
                .put("created", Instant.now().getEpochSecond())
                .put("model", "llama-3.3-70b-versatile");
        ArrayNode choices = body.putArray("choices");
        ObjectNode choice = choices.addObject().put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", content);
        choice.putNull("logprobs");
        choice.put("finish_reason", "stop");
        body.putObject("usage")
                .put("prompt_tokens", promptTokens)
                .put("completion_tokens", completionTokens)
                .put("total_tokens", promptTokens + completionTokens);
        return ok(body.toString());
    }

    /** An OpenAI-style error object: {@code {"error":{"message":..,"type":..,"code":..}}}. */
    static Reply openAiError(int status, String type, String message) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("error")
                .put("message", message)
                .put("type", type)
                .putNull("param")
                .put("code", type);
        return new Reply(status, Map.of(), body.toString(), Duration.ZERO);
    }

    /** A Workers AI run result: {@code {"result":{"response":..,"usage":..},"success":true,"errors":[],"messages":[]}}. */
    static Reply workersAiAnswer(String response, int promptTokens, int completionTokens) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode result = body.putObject("result").put("response", response);
        result.putArray("tool_calls");
        result.putObject("usage")
                .put("prompt_tokens", promptTokens)
                .put("completion_tokens", completionTokens)
                .put("total_tokens", promptTokens + completionTokens);
        body.put("success", true);
        body.putArray("errors");
        body.putArray("messages");
        return ok(body.toString());
    }

    static Reply ok(String body) {
        return new Reply(200, Map.of(), body, Duration.ZERO);
    }

    static Reply withHeader(Reply reply, String name, String value) {
        Map<String, String> headers = new java.util.HashMap<>(reply.headers());
        headers.put(name, value);
        return new Reply(reply.status(), Map.copyOf(headers), reply.body(), reply.delay());
    }

    static Reply delayed(Reply reply, Duration delay) {
        return new Reply(reply.status(), reply.headers(), reply.body(), delay);
    }
}
