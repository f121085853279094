package io.manimvideo.codegen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.List;

/**
 * OpenAI-compatible chat completions ({@code POST {base}/chat/completions}), which Groq, the Hugging Face
 * router, OpenAI, Ollama and vLLM all serve. The answer is {@code choices[0].message.content}, the token
 * counts {@code usage}.
 */
final class OpenAiChatProvider extends HttpChatProvider {
    /** Low but not zero: code should be predictable, yet a retry after a failed check should differ. */
    static final double TEMPERATURE = 0.2;

    OpenAiChatProvider(ProviderSettings settings, RetryingHttpSender sender, ObjectMapper mapper) {
        super(settings, sender, mapper);
    }

    @Override
    protected URI endpoint() {
        return URI.create(settings.baseUrl() + "/chat/completions");
    }

    @Override
    protected ObjectNode body(List<ChatMessage> conversation) {
        ObjectNode body = mapper.createObjectNode().put("model", settings.model());
        putMessages(body, conversation);
        return body.put("temperature", TEMPERATURE).put("stream", false);
    }

    @Override
    protected ChatReply reply(JsonNode body) {
        JsonNode choices = body.path("choices");
        String content = choices.isArray() && !choices.isEmpty()
                ? text(choices.get(0).path("message").get("content"))
                : null;
        return withUsage(content, body.get("usage"));
    }

    @Override
    protected String errorText(JsonNode body) {
        JsonNode error = body.get("error");
        return error != null && error.isObject() ? text(error.get("message")) : text(error);
    }
}
