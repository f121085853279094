package io.manimvideo.operator.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.manimvideo.api.Phase;
import java.util.Optional;

/**
 * A render pod's progress object ({@code {"event":"progress","stage":"rendering","percent":42}}), as PUT to
 * {@code progress/attempt-<n>.json}; its schema is {@code contracts/progress-event.schema.json}.
 */
public record RenderProgress(Phase phase, int percent) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Empty for anything that is not a progress object this version understands. */
    public static Optional<RenderProgress> parse(String json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node == null || !node.isObject()) {
                return Optional.empty();
            }
            Phase phase =
                    switch (node.path("stage").asText("")) {
                        case "validating" -> Phase.CODE_VALIDATING;
                        case "rendering" -> Phase.RENDERING;
                        case "uploading" -> Phase.UPLOADING;
                        default -> null;
                    };
            if (phase == null) {
                return Optional.empty();
            }
            int percent = Math.max(0, Math.min(100, node.path("percent").asInt(0)));
            return Optional.of(new RenderProgress(phase, percent));
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
