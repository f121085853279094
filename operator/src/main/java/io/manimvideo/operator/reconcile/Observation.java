package io.manimvideo.operator.reconcile;

import io.manimvideo.operator.outcome.JobOutcome;
import io.manimvideo.operator.workload.RenderProgress;
import io.manimvideo.operator.workload.Workload.ChildJob;

/**
 * What the operator sees of the child Job a VideoJob is on: not created yet, running (with the render's last
 * reported progress, if any), or finished with its outcome.
 */
record Observation(ChildJob step, State state, JobOutcome outcome, RenderProgress progress) {
    enum State {
        NOT_STARTED,
        RUNNING,
        FINISHED
    }

    static Observation notStarted(ChildJob step) {
        return new Observation(step, State.NOT_STARTED, null, null);
    }

    /** @param progress the render's last progress report; null for codegen or before the first report */
    static Observation running(ChildJob step, RenderProgress progress) {
        return new Observation(step, State.RUNNING, null, progress);
    }

    static Observation finished(ChildJob step, JobOutcome outcome) {
        return new Observation(step, State.FINISHED, outcome, null);
    }
}
