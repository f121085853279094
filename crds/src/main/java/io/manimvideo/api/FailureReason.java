package io.manimvideo.api;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Why a VideoJob's attempt failed, for programs ({@code status.lastError.reason}, the Failed condition's and the
 * Failed event's reason). Spelled the Kubernetes way. Each value has one sentence per language in the text
 * catalog ({@code failure.<wire name>}), filled from {@link ErrorInfo}'s parameters; nothing reads the message back.
 */
public enum FailureReason {
    /** The code broke a rule or would not parse; line, column and the checker's detail. The code is to blame. */
    @JsonProperty("InvalidCode")
    INVALID_CODE(true),
    /** Manim failed while running the code; line and the error's detail. The code is to blame. */
    @JsonProperty("RenderError")
    RENDER_ERROR(true),
    /** The scene ran past its wall-clock limit or the maximum video duration. The code is to blame. */
    @JsonProperty("Timeout")
    TIMEOUT(true),
    /** The scene hit a CPU, memory, file-size or process limit. The code is to blame. */
    @JsonProperty("ResourceLimit")
    RESOURCE_LIMIT(true),
    /**
     * The render pod was killed for memory without reporting, twice in a row with the same code: the scene needs too
     * much. The code is to blame. (Once is {@link #POD_OUT_OF_MEMORY}: the memory may have run out outside the scene.)
     */
    @JsonProperty("MemoryLimit")
    MEMORY_LIMIT(true),
    /** The AI's code rendered, but with text outside the frame or overlapping; detail: the findings. */
    @JsonProperty("LayoutSevere")
    LAYOUT_SEVERE(false),
    /**
     * Step {@code name} could not store its work: the code (codegen), the video (render, join) or a part (parts). Said
     * from the step alone; the step's own words stay in the detail, for kubectl.
     */
    @JsonProperty("UploadError")
    UPLOAD_ERROR(false),
    /** Every AI provider failed and no fallback was possible. */
    @JsonProperty("ProviderError")
    PROVIDER_ERROR(false),
    /** The render pod could not set up the sandbox the code must run in; nothing ran. */
    @JsonProperty("SandboxUnavailable")
    SANDBOX_UNAVAILABLE(false),
    /** A step (name) broke without a more precise cause; detail: what it reported. */
    @JsonProperty("Infrastructure")
    INFRASTRUCTURE(false),
    /** The pod of step {@code name} was evicted by its node. */
    @JsonProperty("PodEvicted")
    POD_EVICTED(false),
    /** The pod of step {@code name} ran past its deadline ({@code limit}) without a result. */
    @JsonProperty("DeadlineExceeded")
    DEADLINE_EXCEEDED(false),
    /** The pod of step {@code name} ran out of memory. */
    @JsonProperty("PodOutOfMemory")
    POD_OUT_OF_MEMORY(false),
    /** Step {@code name} ended without a readable result; detail: exit code and container reason. */
    @JsonProperty("NoResult")
    NO_RESULT(false),
    /** The operator lost track of the job's step (its child Job is gone). */
    @JsonProperty("StepLost")
    STEP_LOST(false),
    /** The generated code went missing before it was rendered. */
    @JsonProperty("CodeLost")
    CODE_LOST(false),
    /** The job waited longer than {@code limit} to start. */
    @JsonProperty("QueueTimeout")
    QUEUE_TIMEOUT(false),
    /** This operator version cannot act on the spec; {@code name}: the fields not understood. */
    @JsonProperty("UnsupportedSpec")
    UNSUPPORTED_SPEC(false),
    /**
     * Worked out without AI, the explanation needs a longer video than the job's maximum ({@code limit}: the
     * seconds it needs). Retrying cannot help: the person must ask for a longer video.
     */
    @JsonProperty("ExplanationTooLong")
    EXPLANATION_TOO_LONG(false),
    /** A value this version does not know (written by a newer operator). */
    @JsonEnumDefaultValue
    @JsonProperty("Unknown")
    UNKNOWN(false);

    private final boolean blamesCode;

    FailureReason(boolean blamesCode) {
        this.blamesCode = blamesCode;
    }

    /** True when retrying with the same code cannot help: the code itself must change. */
    public boolean blamesCode() {
        return blamesCode;
    }

    /** The value as it is spelled in the status and the catalog, e.g. {@code InvalidCode}. */
    public String wireName() {
        try {
            return FailureReason.class
                    .getField(name())
                    .getAnnotation(JsonProperty.class)
                    .value();
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(e);
        }
    }
}
