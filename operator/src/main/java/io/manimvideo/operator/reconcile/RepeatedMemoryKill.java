package io.manimvideo.operator.reconcile;

import io.manimvideo.api.ErrorInfo;
import io.manimvideo.api.FailureReason;
import io.manimvideo.operator.outcome.JobOutcome;
import io.manimvideo.operator.workload.Workload;
import io.manimvideo.operator.workload.Workload.ChildJob;
import java.util.Arrays;
import java.util.Objects;

/**
 * Whom a render pod killed for memory without a word blames. The kernel's out-of-memory kill says only that memory
 * ran out, not why: a scene that needs more than a render may use, or something outside the scene (the node out of
 * memory as a whole, which cgroup v2 reports as the container's OOM kill too; the container's limit lowered while it
 * ran; the render's own start-up before the scene ran). The first such kill is the infrastructure's, and the same
 * code is rendered again; only when that render is killed for memory too is the scene to blame ({@code MemoryLimit}):
 * a scene's need for memory does not change between two renders, a kill from outside it is not repeated.
 */
final class RepeatedMemoryKill {
    private RepeatedMemoryKill() {}

    /**
     * {@code outcome} as judged with the attempt before: a render step's {@code PodOutOfMemory} after the previous
     * attempt's render step also ran out of memory (the same code: an infrastructure retry keeps it) blames the code.
     */
    static JobOutcome judged(JobOutcome outcome, ChildJob step, ErrorInfo previous) {
        if (outcome.reason() != FailureReason.POD_OUT_OF_MEMORY
                || !step.workload().isRender()) {
            return outcome;
        }
        boolean killedBefore = previous != null
                && previous.getReason() == FailureReason.POD_OUT_OF_MEMORY
                && Objects.equals(previous.getAttempt(), step.attempt() - 1)
                && isRenderStep(previous.getName());
        return killedBefore ? JobOutcome.codeFailure(FailureReason.MEMORY_LIMIT, null, null, null) : outcome;
    }

    private static boolean isRenderStep(String name) {
        return Arrays.stream(Workload.values())
                .filter(Workload::isRender)
                .anyMatch(w -> w.label().equals(name));
    }
}
