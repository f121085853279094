package io.manimvideo.ingress.notify;

import io.manimvideo.api.Phase;
import io.manimvideo.api.VideoJob;

/**
 * Where a job is in its life, as a number that only grows: attempt first (a repair attempt goes back to
 * generating, which is news), then the phase within the attempt. Notifications from two replicas can
 * arrive out of order; a receiver that keeps the highest key seen ignores the stale ones.
 */
public final class PhaseOrder {
    private PhaseOrder() {}

    public static long key(VideoJob job) {
        Integer attempts = job.getStatus() == null ? null : job.getStatus().getAttempts();
        return key(attempts == null ? 0 : attempts, NotificationDispatcher.phaseOf(job));
    }

    public static long key(int attempts, Phase phase) {
        // terminal phases outrank any attempt
        return phase.isTerminal() || phase == Phase.READY
                ? 1_000_000L + phase.ordinal()
                : attempts * 100L + phase.ordinal();
    }
}
