package io.manimvideo.api.workload;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** Reads and writes {@link WorkloadResult} termination messages, enforcing the 4 KB limit both ways. */
public final class WorkloadResultCodec {
    /** The schema's maxLength of {@code message} ({@code WorkloadResultContractTest} checks it). */
    static final int MAX_MESSAGE_CHARS = 1000;

    private final ObjectMapper mapper = JsonMapper.builder()
            .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /**
     * Parses a termination message. Empty, oversized, non-JSON or outcome-less text gives empty: the
     * caller then judges the container by its exit code and reason alone.
     */
    public Optional<WorkloadResult> parse(String text) {
        if (text == null || text.isBlank() || text.getBytes(StandardCharsets.UTF_8).length > WorkloadResult.MAX_BYTES) {
            return Optional.empty();
        }
        try {
            WorkloadResult result = mapper.readValue(text, WorkloadResult.class);
            return result == null || result.outcome() == null ? Optional.empty() : Optional.of(result);
        } catch (JsonProcessingException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Serialises a result, shortening the message (then dropping repairs) until it fits in 4 KB. */
    public String write(WorkloadResult result) {
        WorkloadResult fitted = result;
        if (fitted.message() != null && fitted.message().length() > MAX_MESSAGE_CHARS) {
            fitted = with(fitted, fitted.message().substring(0, MAX_MESSAGE_CHARS - 1) + "…", fitted.repairs());
        }
        String json = toJson(fitted);
        if (json.getBytes(StandardCharsets.UTF_8).length > WorkloadResult.MAX_BYTES) {
            json = toJson(with(fitted, fitted.message(), null));
        }
        return json;
    }

    private String toJson(WorkloadResult result) {
        try {
            return mapper.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("WorkloadResult is always serialisable", e);
        }
    }

    /** The same result with another message and repairs list (a record has no withers). */
    private static WorkloadResult with(WorkloadResult r, String message, List<String> repairs) {
        return new WorkloadResult(
                r.version(),
                r.workload(),
                r.outcome(),
                message,
                r.line(),
                r.column(),
                repairs,
                r.durationSeconds(),
                r.sizeBytes(),
                r.width(),
                r.height(),
                r.format(),
                r.thumbnail(),
                r.renderSeconds(),
                r.codeSha256(),
                r.codeSizeBytes(),
                r.provider(),
                r.model(),
                r.latencyMs(),
                r.promptTokens(),
                r.completionTokens(),
                r.degraded(),
                r.mathVerified(),
                r.captions(),
                r.narrated(),
                r.layout(),
                r.parts(),
                r.truncatedCalls(),
                r.videoMd5());
    }
}
