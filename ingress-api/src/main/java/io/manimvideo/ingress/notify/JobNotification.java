package io.manimvideo.ingress.notify;

import io.manimvideo.api.Phase;
import io.manimvideo.api.Platform;
import io.manimvideo.api.VideoJob;
import java.util.Optional;

/**
 * What a {@link PlatformNotifier} is told: a VideoJob entered a phase ({@link Kind#PHASE}, once per job
 * and phase across all replicas) or its render progressed ({@link Kind#PROGRESS}, throttled). For
 * {@link Phase#READY}, {@code videoUrl} (and {@code thumbnailUrl} when there is one) are presigned GET
 * URLs valid for {@code DELIVERY_URL_TTL}; {@code accessUrl} is the service's own video address
 * ({@code PUBLIC_BASE_URL/api/v1/jobs/{name}/video}), for links that outlive a presigned URL;
 * {@code transcript} is the video's text transcript on READY when the renderer wrote one.
 */
public record JobNotification(
        Kind kind,
        VideoJob job,
        Optional<String> videoUrl,
        Optional<String> thumbnailUrl,
        String accessUrl,
        Optional<String> transcript) {

    public enum Kind {
        PHASE,
        PROGRESS
    }

    public String jobName() {
        return job.getMetadata().getName();
    }

    public String sessionId() {
        return job.getSpec().getSessionId();
    }

    public Platform platform() {
        return job.getSpec().getPlatform();
    }

    /** Grows as the job moves on: keep the highest seen and ignore lower ones (replicas may race). */
    public long order() {
        return PhaseOrder.key(job);
    }

    public Phase phase() {
        return job.getStatus() == null || job.getStatus().getPhase() == null
                ? Phase.QUEUED
                : job.getStatus().getPhase();
    }

    /** Render progress 0..100, or empty outside rendering. */
    public Optional<Integer> progress() {
        return job.getStatus() == null
                ? Optional.empty()
                : Optional.ofNullable(job.getStatus().getProgress());
    }
}
