package io.manimvideo.codegen;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/** Builds the configured providers, in order, each speaking its own wire format. */
public final class ChatProviders {
    private ChatProviders() {}

    public static List<ChatProvider> create(
            List<ProviderSettings> settings, RetryingHttpSender sender, ObjectMapper mapper) {
        return settings.stream()
                .map(s -> switch (s.kind()) {
                    case CLOUDFLARE -> (ChatProvider) new WorkersAiChatProvider(s, sender, mapper);
                    case OPENAI -> new OpenAiChatProvider(s, sender, mapper);
                })
                .toList();
    }
}
