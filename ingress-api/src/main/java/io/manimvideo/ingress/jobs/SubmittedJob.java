package io.manimvideo.ingress.jobs;

import io.manimvideo.api.VideoJob;

/** The VideoJob a submission names; {@code created} is false when an earlier delivery of the same message made it. */
public record SubmittedJob(VideoJob job, boolean created) {}
