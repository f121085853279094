package io.manimvideo.operator.outcome;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.util.Optional;

/** Reads where a Job is from its status, as the job controller writes it. */
public final class JobState {
    private JobState() {}

    public static boolean isFinished(Job job) {
        return succeeded(job) || failed(job);
    }

    /**
     * Only the Complete condition counts: the Job controller sets it once every pod has ended (a succeeded count
     * alone can precede it while pods are still being finalized).
     */
    public static boolean succeeded(Job job) {
        return condition(job, "Complete").isPresent();
    }

    /**
     * Only the Failed condition counts: on a deadline or the backoff limit the Job controller first sets
     * FailureTarget and counts the pod as failed, and sets Failed (with the same reason) once the pods are gone.
     */
    public static boolean failed(Job job) {
        return condition(job, "Failed").isPresent();
    }

    /** The reason of the Job's Failed condition, e.g. DeadlineExceeded or BackoffLimitExceeded. */
    public static Optional<String> failureReason(Job job) {
        return condition(job, "Failed").map(JobCondition::getReason);
    }

    private static Optional<JobCondition> condition(Job job, String type) {
        if (job.getStatus() == null || job.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return job.getStatus().getConditions().stream()
                .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus()))
                .findFirst();
    }
}
