package io.manimvideo.api.workload;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

/** How a workload container ended, as it reports in its termination message. */
public enum Outcome {
    /** The work is done: the code was written (codegen) or the video uploaded (render). */
    @JsonProperty("ok")
    OK,
    /** The code broke a rule or would not parse; the message names line and cause. The code is to blame. */
    @JsonProperty("invalid_code")
    INVALID_CODE,
    /** The code passed validation but Manim failed while running it. The code is to blame. */
    @JsonProperty("render_error")
    RENDER_ERROR,
    /** The scene ran past its wall-clock limit or the job's maximum video duration. The code is to blame. */
    @JsonProperty("timeout")
    TIMEOUT,
    /** The scene hit a CPU, memory, file-size or process limit. The code is to blame. */
    @JsonProperty("resource_limit")
    RESOURCE_LIMIT,
    /** The step's work (the code, the video, a part) could not be stored. Infrastructure is to blame. */
    @JsonProperty("upload_error")
    UPLOAD_ERROR,
    /** Every AI provider failed and no fallback was possible. Infrastructure is to blame. */
    @JsonProperty("provider_error")
    PROVIDER_ERROR,
    /** The workload itself broke (a bug or a missing tool). Infrastructure is to blame. */
    @JsonProperty("internal_error")
    INTERNAL_ERROR,
    /**
     * The render pod could not set up the kernel sandbox the untrusted code must run in (no user namespaces,
     * a seccomp profile that refuses them, no bubblewrap); nothing ran. Infrastructure is to blame.
     */
    @JsonProperty("sandbox_unavailable")
    SANDBOX_UNAVAILABLE,
    /**
     * Codegen: no AI wrote the scene, and the offline explainer cannot show and say every step within the job's
     * maximum video length ({@code durationSeconds}: the length it needs). Neither a retry nor a repair helps; the
     * person must ask for a longer video.
     */
    @JsonProperty("too_long")
    TOO_LONG,
    /** A value this version does not know; treated as an infrastructure failure. */
    @JsonEnumDefaultValue
    @JsonProperty("unknown")
    UNKNOWN;

    /** True when retrying with the same code cannot help: the code itself must change. */
    public boolean blamesCode() {
        return this == INVALID_CODE || this == RENDER_ERROR || this == TIMEOUT || this == RESOURCE_LIMIT;
    }
}
