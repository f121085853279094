package io.manimvideo.operator.reconcile;

import io.manimvideo.operator.outcome.JobOutcome;
import io.manimvideo.operator.parts.RenderParts;
import io.manimvideo.operator.workload.RenderProgress;
import io.manimvideo.operator.workload.Workload.ChildJob;

/**
 * What the operator sees of the child Job a VideoJob is on: not created yet, running (with the render's last
 * reported progress, if any), or finished with its outcome; for a render in parts, the plan its Job carries.
 */
record Observation(ChildJob step, State state, JobOutcome outcome, RenderProgress progress, RenderParts parts) {
    enum State {
        NOT_STARTED,
        RUNNING,
        FINISHED
    }

    static Observation notStarted(ChildJob step) {
        return new Observation(step, State.NOT_STARTED, null, null, null);
    }

    /** @param progress the render's last progress report; null for codegen or before the first report */
    static Observation running(ChildJob step, RenderProgress progress) {
        return new Observation(step, State.RUNNING, null, progress, null);
    }

    static Observation finished(ChildJob step, JobOutcome outcome) {
        return new Observation(step, State.FINISHED, outcome, null, null);
    }

    /** The same, for the Indexed Job of a render in parts that carries this plan. */
    Observation withParts(RenderParts plan) {
        return new Observation(step, state, outcome, progress, plan);
    }
}
