package io.manimvideo.api.workload;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.manimvideo.api.MathVerified;
import java.util.List;

/**
 * The termination message every workload container writes (to {@code /dev/termination-log}, at most
 * 4096 bytes): the one contract between the render and codegen workloads and the operator. Its JSON
 * Schema is {@code contracts/workload-result.schema.json}; the Python render package writes the same
 * shape. Fields that do not apply are left out.
 *
 * @param version contract version, 1
 * @param workload "render" or "codegen"
 * @param outcome how it ended
 * @param message what happened, safe to show the person (no file contents, environment or secrets)
 * @param line line in the code the message points at (1-based)
 * @param column column in the code (1-based)
 * @param repairs known mistakes fixed before validation
 * @param durationSeconds length of the rendered video; for a codegen {@code too_long}, the length the explanation needs
 * @param sizeBytes size of the uploaded video
 * @param width frame width of the video
 * @param height frame height of the video
 * @param format container of the video (mp4, webm)
 * @param thumbnail whether a thumbnail was uploaded
 * @param renderSeconds wall time of the render step
 * @param codeSha256 sha256 of the code that was validated, rendered or generated
 * @param codeSizeBytes size of that code
 * @param provider AI provider that answered (codegen)
 * @param model model of that provider (codegen)
 * @param latencyMs time the provider took (codegen)
 * @param promptTokens prompt tokens reported by the provider (codegen)
 * @param completionTokens completion tokens reported by the provider (codegen)
 * @param degraded true when every provider failed and the fallback scene was written (codegen)
 * @param mathVerified whether the stated result was checked equal to the one worked out offline (codegen)
 * @param captions whether WebVTT subtitles and a transcript were stored beside the video (render)
 * @param narrated whether the subtitles were spoken into the video (render, when audio description was asked)
 * @param layout the layout critic's warnings with the line of the play() call (render; the video is still made)
 * @param parts the plan of a scene long enough to render in parts (render; no video was made): its ranges in order
 * @param truncatedCalls extra calls to the provider whose code was kept because its answer was cut off (codegen;
 *     null when there was none)
 * @param videoMd5 the hex MD5 of the video's bytes (render): the ETag of an object stored by one PUT. The operator
 *     adopts the stored video of a render whose pod was lost only when the object's ETag is this, so another video of
 *     the same size is not taken for it
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WorkloadResult(
        Integer version,
        String workload,
        Outcome outcome,
        String message,
        Integer line,
        Integer column,
        List<String> repairs,
        Double durationSeconds,
        Long sizeBytes,
        Integer width,
        Integer height,
        String format,
        Boolean thumbnail,
        Double renderSeconds,
        String codeSha256,
        Long codeSizeBytes,
        String provider,
        String model,
        Long latencyMs,
        Integer promptTokens,
        Integer completionTokens,
        Boolean degraded,
        MathVerified mathVerified,
        Boolean captions,
        Boolean narrated,
        List<String> layout,
        List<PlannedPart> parts,
        Integer truncatedCalls,
        String videoMd5) {

    /**
     * One range of a render in parts: animations {@code first} to {@code last} (inclusive, numbered from 0 as
     * Manim's {@code -n}) and the seconds the plan counted for them.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PlannedPart(int first, int last, double seconds) {}

    public static final int CURRENT_VERSION = 1;
    /** Kubernetes keeps at most 4096 bytes of a termination message. */
    public static final int MAX_BYTES = 4096;

    public static final String RENDER = "render";
    public static final String CODEGEN = "codegen";
    /** The provider name of code worked out by the offline explainer (no AI). */
    public static final String OFFLINE_EXPLAINER = "offline-explainer";

    public boolean isDegraded() {
        return Boolean.TRUE.equals(degraded);
    }

    /** The render pod planned the scene in parts (two or more) instead of rendering it. */
    @JsonIgnore // derived from parts, not a field of the contract
    public boolean isPlannedInParts() {
        return parts != null && parts.size() > 1;
    }

    @JsonIgnore // derived from provider, not a field of the contract
    public boolean isOfflineExplanation() {
        return OFFLINE_EXPLAINER.equals(provider);
    }
}
