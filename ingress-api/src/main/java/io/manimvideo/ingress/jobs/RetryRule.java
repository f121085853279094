package io.manimvideo.ingress.jobs;

import io.manimvideo.api.ErrorInfo;
import io.manimvideo.api.FailureReason;
import io.manimvideo.api.Phase;
import io.manimvideo.api.SubmissionType;
import io.manimvideo.api.VideoJob;

/**
 * Whether a "Try again" is worth offering for a job, the one rule both bots (button) and the retry
 * itself follow: only a Failed or Expired job, and not direct code the static check refused, which
 * would fail the same way again (the person has to change the code), nor a problem whose explanation needs a
 * longer video than the job allows (the person has to ask for a longer one).
 */
public final class RetryRule {
    private RetryRule() {}

    public static boolean canRetry(VideoJob job) {
        Phase phase = job.getStatus() == null ? null : job.getStatus().getPhase();
        if (phase != Phase.FAILED && phase != Phase.EXPIRED) {
            return false;
        }
        return !failsTheSameWay(job) && !needsALongerVideo(job);
    }

    /** Explained without AI, the problem needs a longer video than the job allows: the same job ends the same way. */
    static boolean needsALongerVideo(VideoJob job) {
        ErrorInfo error = job.getStatus() == null ? null : job.getStatus().getLastError();
        return error != null && error.getReason() == FailureReason.EXPLANATION_TOO_LONG;
    }

    /** Direct code that failed validation: resubmitting the same code gives the same error. */
    public static boolean failsTheSameWay(VideoJob job) {
        ErrorInfo error = job.getStatus() == null ? null : job.getStatus().getLastError();
        return job.getSpec() != null
                && job.getSpec().getSubmissionType() == SubmissionType.DIRECT_CODE
                && error != null
                && error.getReason() == FailureReason.INVALID_CODE;
    }
}
