package io.manimvideo.operator.reconcile;

import io.manimvideo.api.VideoJob;
import io.manimvideo.api.VideoJobStatus;
import io.manimvideo.operator.status.PhaseTransitions;
import io.manimvideo.operator.workload.Workload.ChildJob;

/** One VideoJob in one reconcile: the job, the transitions that change its status, and what was observed. */
record Work(VideoJob vj, PhaseTransitions t, Observation seen) {
    VideoJobStatus status() {
        return t.status();
    }

    ChildJob step() {
        return seen.step();
    }

    String name() {
        return vj.getMetadata().getName();
    }

    /** The same job about to start its next child Job. */
    Work next(ChildJob step) {
        return new Work(vj, t, Observation.notStarted(step));
    }
}
