package io.manimvideo.ingress.jobs;

import io.manimvideo.api.VideoJob;

/**
 * The VideoJob a submission names.
 *
 * @param created false when an earlier delivery of the same message made it
 * @param marked whether the caller's marker (given to {@link SubmissionService}) was
 *     set by this delivery; true when there was none
 */
public record SubmittedJob(VideoJob job, boolean created, boolean marked) {
    public SubmittedJob(VideoJob job, boolean created) {
        this(job, created, true);
    }

    SubmittedJob marked(boolean marked) {
        return new SubmittedJob(job, created, marked);
    }
}
