package io.manimvideo.codegen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.List;

/**
 * Cloudflare Workers AI's native API: {@code POST {base}/accounts/{account}/ai/run/{model}} with
 * {@code {"messages":[...]}}, answered by {@code {"result":{"response":"...","usage":{...}},"success":true,
 * "errors":[]}}.
 */
final class WorkersAiChatProvider extends HttpChatProvider {
    /** Workers AI stops text models at 256 tokens unless told otherwise; a scene needs more. */
    static final int MAX_TOKENS = 4096;

    WorkersAiChatProvider(ProviderSettings settings, RetryingHttpSender sender, ObjectMapper mapper) {
        super(settings, sender, mapper);
    }

    @Override
    protected URI endpoint() {
        // the model id (@cf/vendor/name) is a path of its own: its slashes stay, only the @ needs no escaping
        return URI.create(settings.baseUrl() + "/accounts/" + settings.accountId() + "/ai/run/" + settings.model());
    }

    @Override
    protected ObjectNode body(List<ChatMessage> conversation) {
        ObjectNode body = mapper.createObjectNode();
        putMessages(body, conversation);
        return body.put("max_tokens", MAX_TOKENS).put("temperature", OpenAiChatProvider.TEMPERATURE);
    }

    @Override
    protected ChatReply reply(JsonNode body) throws ProviderException {
        if (!body.path("success").asBoolean(false)) {
            String error = errorText(body);
            throw new ProviderException(name() + " reported failure" + (error == null ? "" : ": " + oneLine(error)));
        }
        JsonNode result = body.path("result");
        return withUsage(text(result.get("response")), result.get("usage"));
    }

    @Override
    protected String errorText(JsonNode body) {
        JsonNode errors = body.get("errors");
        return errors != null && errors.isArray() && !errors.isEmpty()
                ? text(errors.get(0).get("message"))
                : null;
    }
}
