package io.manimvideo.codegen;

import java.util.List;

/** An AI chat model behind some HTTP API. */
public interface ChatProvider {
    /** The configured name, reported as the provider used. */
    String name();

    String model();

    /**
     * Asks for the next assistant turn of {@code conversation}, retrying rate limits and server errors.
     *
     * @throws ProviderException when no usable answer came back in time
     */
    ChatReply complete(List<ChatMessage> conversation, Deadline deadline) throws ProviderException;
}
