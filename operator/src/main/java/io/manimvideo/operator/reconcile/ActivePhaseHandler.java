package io.manimvideo.operator.reconcile;

import io.manimvideo.api.workload.WorkloadResult;
import io.manimvideo.operator.outcome.JobOutcome;
import io.manimvideo.operator.outcome.JobOutcome.Verdict;
import java.time.Duration;

/**
 * A phase in which a child Job runs: while it runs the phase follows it; when it has finished, success is
 * the phase's own business and a failure goes to the {@link RetryBudget}.
 */
abstract class ActivePhaseHandler implements PhaseHandler {
    private final RetryBudget retries;

    ActivePhaseHandler(RetryBudget retries) {
        this.retries = retries;
    }

    @Override
    public final Duration handle(Work w) {
        Observation seen = w.seen();
        if (seen.state() == Observation.State.RUNNING) {
            return running(w);
        }
        if (seen.outcome().verdict() == Verdict.SUCCEEDED) {
            return succeeded(w, seen.outcome().result());
        }
        return failed(w, seen.outcome());
    }

    /** The child Job's work failed with {@code outcome}: repair, retry or fail ({@link RetryBudget}). */
    final Duration failed(Work w, JobOutcome outcome) {
        return retries.failed(w, outcome);
    }

    /** The child Job is still running. */
    abstract Duration running(Work w);

    /** The child Job succeeded with {@code result}. */
    abstract Duration succeeded(Work w, WorkloadResult result);
}
