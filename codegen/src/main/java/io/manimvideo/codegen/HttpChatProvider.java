package io.manimvideo.codegen;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

/**
 * What both provider APIs share: a JSON POST with a bearer key, retried by {@link RetryingHttpSender}, and
 * the same failure rules. Subclasses give the URL, the request body and where the answer sits.
 */
abstract class HttpChatProvider implements ChatProvider {
    private static final int MAX_ERROR_CHARS = 200;

    protected final ProviderSettings settings;
    protected final ObjectMapper mapper;
    private final RetryingHttpSender sender;

    HttpChatProvider(ProviderSettings settings, RetryingHttpSender sender, ObjectMapper mapper) {
        this.settings = settings;
        this.sender = sender;
        this.mapper = mapper;
    }

    @Override
    public String name() {
        return settings.name();
    }

    @Override
    public String model() {
        return settings.model();
    }

    protected abstract URI endpoint();

    protected abstract ObjectNode body(List<ChatMessage> conversation);

    /** The reply in a 2xx body; null content when the answer holds none. */
    protected abstract ChatReply reply(JsonNode body) throws ProviderException;

    /** The provider's own error text in a non-2xx body, or null. */
    protected abstract String errorText(JsonNode body);

    @Override
    public ChatReply complete(List<ChatMessage> conversation, Deadline deadline) throws ProviderException {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint())
                .timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(conversation).toString()));
        if (!settings.apiKey().isEmpty()) {
            request.header("Authorization", "Bearer " + settings.apiKey());
        }
        HttpResponse<String> response;
        try {
            response = sender.send(name(), request.build(), deadline);
        } catch (IOException e) {
            throw new ProviderException(e.getMessage());
        }
        if (response.statusCode() / 100 != 2) {
            throw new ProviderException(name() + " answered HTTP " + response.statusCode() + describeError(response));
        }
        JsonNode body = parse(response.body());
        ChatReply reply = reply(body);
        if (reply.content() == null || reply.content().isBlank()) {
            throw new ProviderException(name() + " answered with no content");
        }
        return reply;
    }

    /** Error texts of 401/403 are left out: some providers quote part of the key there. */
    private String describeError(HttpResponse<String> response) {
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            return " (the API key was refused)";
        }
        try {
            String text = errorText(mapper.readTree(response.body()));
            if (text == null || text.isBlank()) {
                return "";
            }
            return ": " + oneLine(text);
        } catch (JsonProcessingException | RuntimeException e) {
            return "";
        }
    }

    /** A provider's error text on one short line. */
    protected static String oneLine(String text) {
        String line = text.replaceAll("\\s+", " ").trim();
        return line.length() > MAX_ERROR_CHARS ? line.substring(0, MAX_ERROR_CHARS) + "…" : line;
    }

    private JsonNode parse(String text) throws ProviderException {
        try {
            JsonNode node = mapper.readTree(text);
            if (node == null || !node.isObject()) {
                throw new ProviderException(name() + " answered with something other than a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new ProviderException(name() + " answered with malformed JSON");
        }
    }

    /** The conversation as both APIs take it: {@code "messages":[{"role":..,"content":..}]}. */
    protected static void putMessages(ObjectNode body, List<ChatMessage> conversation) {
        var array = body.putArray("messages");
        for (ChatMessage message : conversation) {
            array.addObject().put("role", message.role()).put("content", message.content());
        }
    }

    /** Usage counts as both APIs report them: {@code {"prompt_tokens":..,"completion_tokens":..}}. */
    protected static ChatReply withUsage(String content, JsonNode usage) {
        return new ChatReply(content, count(usage, "prompt_tokens"), count(usage, "completion_tokens"));
    }

    private static Integer count(JsonNode usage, String field) {
        JsonNode value = usage == null ? null : usage.get(field);
        return value != null && value.canConvertToInt() && value.asInt() >= 0 ? value.asInt() : null;
    }

    protected static String text(JsonNode node) {
        return node != null && node.isTextual() ? node.asText() : null;
    }
}
