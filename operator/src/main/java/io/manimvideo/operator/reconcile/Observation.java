package io.manimvideo.operator.reconcile;

import io.manimvideo.operator.outcome.JobOutcome;
import io.manimvideo.operator.parts.RenderParts;
import io.manimvideo.operator.workload.RenderProgress;
import io.manimvideo.operator.workload.Workload.ChildJob;

/**
 * What the operator sees of the child Job a VideoJob is on: not created yet, running (with the render's last
 * reported progress, if any), or finished with its outcome; for a render in parts, the plan its Job carries and
 * whether its last part joins the parts ({@code joined}: its result is the video's, no join Job follows).
 */
record Observation(
        ChildJob step, State state, JobOutcome outcome, RenderProgress progress, RenderParts parts, boolean joined) {
    enum State {
        NOT_STARTED,
        RUNNING,
        FINISHED
    }

    static Observation notStarted(ChildJob step) {
        return new Observation(step, State.NOT_STARTED, null, null, null, false);
    }

    /** @param progress the render's last progress report; null for codegen or before the first report */
    static Observation running(ChildJob step, RenderProgress progress) {
        return new Observation(step, State.RUNNING, null, progress, null, false);
    }

    static Observation finished(ChildJob step, JobOutcome outcome) {
        return new Observation(step, State.FINISHED, outcome, null, null, false);
    }

    /** The same, for the Indexed Job of a render in parts that carries this plan (and joins it, if {@code joined}). */
    Observation withParts(RenderParts plan, boolean joined) {
        return new Observation(step, state, outcome, progress, plan, joined);
    }
}
