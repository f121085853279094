package io.manimvideo.operator.reconcile;

import io.manimvideo.api.ErrorInfo;
import io.manimvideo.api.SubmissionType;
import io.manimvideo.api.VideoJobStatus;
import io.manimvideo.api.texts.Text;
import io.manimvideo.operator.metrics.VideoJobMetrics;
import io.manimvideo.operator.outcome.JobOutcome;
import io.manimvideo.operator.outcome.JobOutcome.Verdict;
import io.manimvideo.operator.workload.Workload;
import io.manimvideo.operator.workload.Workload.ChildJob;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * What follows a failed child Job: the data model's three retries ({@link VideoJobStatus#MAX_ATTEMPTS} attempts in
 * all), shared by code and infrastructure failures. Code the AI wrote gets a repair attempt (codegen again,
 * told what failed); the person's own code fails at once, and so does a refused request (an explanation longer
 * than the job allows); an infrastructure failure runs the same step again (a render killed for memory without a word
 * is one the first time: {@link RepeatedMemoryKill}).
 * While a layout repair is under way, any failure delivers the video kept before it. Every step that starts
 * a further attempt (a lost code reference, the layout repair) asks {@link #spent} first. An infrastructure failure
 * while the storage does not answer waits for the storage before anything follows: a step that failed then most
 * likely failed on it (its upload, its code's download), and an outage must not use up the attempts meant for bad
 * code.
 */
class RetryBudget {
    /** How soon a failure held for a storage outage is looked at again. */
    static final Duration STORAGE_RECHECK = Duration.ofSeconds(5);

    private final QueuedHandler queued;
    private final JobEnd end;
    private final VideoJobMetrics metrics;
    private final BooleanSupplier storageAnswers;

    /** @param storageAnswers whether the storage answers now ({@code ArtifactStore::answers}) */
    RetryBudget(QueuedHandler queued, JobEnd end, VideoJobMetrics metrics, BooleanSupplier storageAnswers) {
        this.queued = queued;
        this.end = end;
        this.metrics = metrics;
        this.storageAnswers = storageAnswers;
    }

    /** Whether attempt {@code attempt} was the last one the budget allows. */
    static boolean spent(int attempt) {
        return attempt >= VideoJobStatus.MAX_ATTEMPTS;
    }

    Duration failed(Work w, JobOutcome reported) {
        ChildJob step = w.step();
        JobOutcome outcome =
                RepeatedMemoryKill.judged(reported, step, w.status().getLastError());
        boolean codeBlamed = outcome.verdict() == Verdict.CODE_FAILURE;
        if (outcome.verdict() == Verdict.INFRASTRUCTURE_FAILURE && !storageAnswers.getAsBoolean()) {
            return STORAGE_RECHECK; // nothing changes: the failed Job stays and is judged again
        }
        ErrorInfo error = outcome.failure().atAttempt(step.attempt());
        if (LayoutRepair.held(w.status())) {
            return end.readyWithKeptVideo(w.vj(), w.t(), error);
        }
        if (outcome.verdict() == Verdict.REFUSED) {
            return end.fail(w.vj(), w.t(), error); // the person must change the request: another attempt ends the same
        }
        if (codeBlamed && w.vj().getSpec().getSubmissionType() == SubmissionType.DIRECT_CODE) {
            return end.fail(w.vj(), w.t(), error);
        }
        if (spent(step.attempt())) {
            // the status message says it gave up after these attempts (PhaseTransitions#failed)
            return end.fail(w.vj(), w.t(), error);
        }
        w.t().retrying(error);
        metrics.retry(codeBlamed ? "code" : "infrastructure");
        // a render in parts starts over with a render pod, which plans the scene again
        ChildJob next = (codeBlamed ? Workload.CODEGEN : step.workload().retried()).child(w.name(), step.attempt() + 1);
        return queued.enqueue(
                w,
                next,
                w.t().say(Text.of(
                        codeBlamed ? "operator.repairing" : "operator.retrying", "error", w.t().describe(error))));
    }
}
