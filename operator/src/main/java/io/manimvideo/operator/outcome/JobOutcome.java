package io.manimvideo.operator.outcome;

import io.manimvideo.api.ErrorInfo;
import io.manimvideo.api.FailureReason;
import io.manimvideo.api.workload.Outcome;
import io.manimvideo.api.workload.WorkloadResult;

/**
 * How a finished child Job ended, judged once: succeeded with a result, the code is to blame, the
 * infrastructure is (retry without touching the code), or the request cannot be done as asked (neither a retry
 * nor a repair helps: the person must change it).
 *
 * @param failure for a failure, its machine reason and parameters (no attempt yet; no message: the status writer
 *     words it)
 */
public record JobOutcome(Verdict verdict, WorkloadResult result, ErrorInfo failure) {

    public enum Verdict {
        SUCCEEDED,
        CODE_FAILURE,
        INFRASTRUCTURE_FAILURE,
        REFUSED
    }

    public static JobOutcome succeeded(WorkloadResult result) {
        return new JobOutcome(Verdict.SUCCEEDED, result, null);
    }

    /** The code is to blame; {@code detail} is what the checker or Manim said. */
    public static JobOutcome codeFailure(FailureReason reason, String detail, Integer line, Integer column) {
        return new JobOutcome(Verdict.CODE_FAILURE, null, new ErrorInfo(reason, line, column, null).withDetail(detail));
    }

    public static JobOutcome infrastructure(ErrorInfo failure) {
        return new JobOutcome(Verdict.INFRASTRUCTURE_FAILURE, null, failure);
    }

    /** The request cannot be done as asked; the failure says what the person must change. */
    public static JobOutcome refused(ErrorInfo failure) {
        return new JobOutcome(Verdict.REFUSED, null, failure);
    }

    /** The failure's reason, or null for a success. */
    public FailureReason reason() {
        return failure == null ? null : failure.getReason();
    }

    /** {@code status.lastError.reason} for a reported outcome. */
    public static FailureReason reasonOf(Outcome outcome) {
        return switch (outcome) {
            case INVALID_CODE -> FailureReason.INVALID_CODE;
            case RENDER_ERROR -> FailureReason.RENDER_ERROR;
            case TIMEOUT -> FailureReason.TIMEOUT;
            case RESOURCE_LIMIT -> FailureReason.RESOURCE_LIMIT;
            case UPLOAD_ERROR -> FailureReason.UPLOAD_ERROR;
            case PROVIDER_ERROR -> FailureReason.PROVIDER_ERROR;
            case SANDBOX_UNAVAILABLE -> FailureReason.SANDBOX_UNAVAILABLE;
            case TOO_LONG -> FailureReason.EXPLANATION_TOO_LONG;
            case OK, INTERNAL_ERROR, UNKNOWN -> FailureReason.INFRASTRUCTURE;
        };
    }
}
