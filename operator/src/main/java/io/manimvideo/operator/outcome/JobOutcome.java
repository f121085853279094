package io.manimvideo.operator.outcome;

import io.manimvideo.api.workload.Outcome;
import io.manimvideo.api.workload.WorkloadResult;
import java.util.Arrays;

/**
 * How a finished child Job ended, judged once: succeeded with a result, the code is to blame, or the
 * infrastructure is (retry without touching the code).
 *
 * @param reason machine-readable cause for {@code status.lastError.reason}
 */
public record JobOutcome(
        Verdict verdict, WorkloadResult result, String reason, String message, Integer line, Integer column) {

    public enum Verdict {
        SUCCEEDED,
        CODE_FAILURE,
        INFRASTRUCTURE_FAILURE
    }

    public static final String INFRASTRUCTURE = "Infrastructure";

    public static JobOutcome succeeded(WorkloadResult result) {
        return new JobOutcome(Verdict.SUCCEEDED, result, null, result.message(), null, null);
    }

    public static JobOutcome codeFailure(String reason, String message, Integer line, Integer column) {
        return new JobOutcome(Verdict.CODE_FAILURE, null, reason, message, line, column);
    }

    public static JobOutcome infrastructure(String reason, String message) {
        return new JobOutcome(Verdict.INFRASTRUCTURE_FAILURE, null, reason, message, null, null);
    }

    /** {@code status.lastError.reason} for a reported outcome. */
    public static String reasonOf(Outcome outcome) {
        return switch (outcome) {
            case INVALID_CODE -> "InvalidCode";
            case RENDER_ERROR -> "RenderError";
            case TIMEOUT -> "Timeout";
            case RESOURCE_LIMIT -> "ResourceLimit";
            case UPLOAD_ERROR -> "UploadError";
            case PROVIDER_ERROR -> "ProviderError";
            case SANDBOX_UNAVAILABLE -> "SandboxUnavailable";
            case OK, INTERNAL_ERROR, UNKNOWN -> INFRASTRUCTURE;
        };
    }

    /**
     * True for reasons that blame the code (the ones a repair attempt is told about). Derived from
     * {@link Outcome#blamesCode()}, the one place that rule lives.
     */
    public static boolean blamesCode(String reason) {
        return Arrays.stream(Outcome.values())
                .anyMatch(o -> o.blamesCode() && reasonOf(o).equals(reason));
    }
}
