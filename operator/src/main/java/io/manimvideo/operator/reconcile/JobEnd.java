package io.manimvideo.operator.reconcile;

import io.manimvideo.api.ErrorInfo;
import io.manimvideo.api.Phase;
import io.manimvideo.api.VideoFacts;
import io.manimvideo.api.VideoJob;
import io.manimvideo.api.texts.Text;
import io.manimvideo.operator.lifecycle.LifecyclePolicy;
import io.manimvideo.operator.metrics.VideoJobMetrics;
import io.manimvideo.operator.queue.RenderQueue;
import io.manimvideo.operator.status.PhaseTransitions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** How the work on a VideoJob ends, Ready or Failed: the transition, the queue left, the metrics. */
class JobEnd {
    private final LifecyclePolicy lifecycle;
    private final RenderQueue queue;
    private final VideoJobMetrics metrics;

    JobEnd(LifecyclePolicy lifecycle, RenderQueue queue, VideoJobMetrics metrics) {
        this.lifecycle = lifecycle;
        this.queue = queue;
        this.metrics = metrics;
    }

    /** Failed with {@code error}; returns when to look again (the record's TTL). */
    Duration fail(VideoJob vj, PhaseTransitions t, ErrorInfo error) {
        lifecycle.fail(t, error);
        metrics.finished(Phase.FAILED, sinceCreated(t));
        return finished(vj, t);
    }

    /** Ready with this video; its layout warnings are named in the status message. */
    Duration ready(VideoJob vj, PhaseTransitions t, VideoFacts video, List<String> layoutWarnings, String message) {
        lifecycle.ready(t, video, layoutWarnings, LayoutRepair.readyMessage(t, message, layoutWarnings));
        metrics.finished(Phase.READY, sinceCreated(t));
        return finished(vj, t);
    }

    /** The layout repair failed with {@code error}: the video kept before it is delivered, with its code. */
    Duration readyWithKeptVideo(VideoJob vj, PhaseTransitions t, ErrorInfo error) {
        t.keptVideoRestored();
        return ready(
                vj,
                t,
                t.status().getVideo(),
                t.status().getLayoutWarnings(),
                t.say(Text.of("operator.layoutRepairFailed", "error", t.describe(error))));
    }

    private Duration finished(VideoJob vj, PhaseTransitions t) {
        queue.forget(queue.entryOf(vj));
        return LifecyclePolicy.until(Instant.parse(t.status().getExpiresAt()), t.now());
    }

    private static Duration sinceCreated(PhaseTransitions t) {
        return Duration.between(Instant.parse(t.status().getCreatedAt()), t.now());
    }
}
