package io.manimvideo.ingress.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;

/**
 * Jackson for the platforms' webhook bodies and API requests: the Bot API's own types (telegrambots-meta)
 * and our WhatsApp records. Unknown fields are ignored (platforms add fields over time and an unknown
 * one must not lose a message); nesting is capped, since no real webhook nests deeply.
 */
public final class WebhookJson {
    private static final int MAX_NESTING = 64;

    private final ObjectMapper mapper;

    public WebhookJson() {
        this.mapper = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
        mapper.getFactory()
                .setStreamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING)
                        .build());
    }

    /** @throws IllegalArgumentException when the body is not JSON of that shape (or is nested too deeply) */
    public <T> T read(Buffer body, Class<T> type) {
        try {
            T value = mapper.readValue(body.getBytes(), type);
            if (value == null) {
                throw new IllegalArgumentException("empty body");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("malformed " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable " + type.getSimpleName(), e);
        }
    }

    /** As {@link #read(Buffer, Class)}, for a body already parsed (and validated) into a tree. */
    public <T> T read(JsonNode tree, Class<T> type) {
        try {
            T value = mapper.treeToValue(tree, type);
            if (value == null) {
                throw new IllegalArgumentException("empty body");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("malformed " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    /** @throws IllegalArgumentException when the body is not JSON */
    public JsonNode tree(Buffer body) {
        try {
            JsonNode tree = mapper.readTree(body.getBytes());
            if (tree == null || tree.isMissingNode()) {
                throw new IllegalArgumentException("empty body");
            }
            return tree;
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed JSON", e);
        }
    }

    public Buffer write(Object value) {
        try {
            return Buffer.buffer(mapper.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }
}
