package io.manimvideo.operator.reconcile;

import io.manimvideo.api.ErrorInfo;
import io.manimvideo.api.FailureReason;
import io.manimvideo.api.Phase;
import io.manimvideo.api.SubmissionType;
import io.manimvideo.api.VideoJobStatus;
import io.manimvideo.api.texts.Text;
import io.manimvideo.operator.config.OperatorConfig;
import io.manimvideo.operator.lifecycle.LifecyclePolicy;
import io.manimvideo.operator.parts.PartsParallelism;
import io.manimvideo.operator.queue.RenderQueue;
import io.manimvideo.operator.status.PhaseTransitions;
import io.manimvideo.operator.storage.StorageLayout;
import io.manimvideo.operator.workload.CodegenJobFactory;
import io.manimvideo.operator.workload.RenderJobFactory;
import io.manimvideo.operator.workload.Workload;
import io.manimvideo.operator.workload.Workload.ChildJob;
import java.time.Duration;

/**
 * Queued: starts the child Job named by {@code status.activeJob}. A codegen Job starts at once; a render Job
 * when the render queue admits it (else the job waits with its queue position). A job that waits longer
 * than {@code QUEUED_TTL} fails instead.
 */
class QueuedHandler implements PhaseHandler {
    private final OperatorConfig config;
    private final LifecyclePolicy lifecycle;
    private final RenderQueue queue;
    private final DirectCode directCode;
    private final CodegenJobFactory codegenJobs;
    private final RenderJobFactory renderJobs;
    private final JobCreator jobs;
    private final JobEnd end;

    QueuedHandler(
            OperatorConfig config,
            LifecyclePolicy lifecycle,
            RenderQueue queue,
            DirectCode directCode,
            CodegenJobFactory codegenJobs,
            RenderJobFactory renderJobs,
            JobCreator jobs,
            JobEnd end) {
        this.config = config;
        this.lifecycle = lifecycle;
        this.queue = queue;
        this.directCode = directCode;
        this.codegenJobs = codegenJobs;
        this.renderJobs = renderJobs;
        this.jobs = jobs;
        this.end = end;
    }

    @Override
    public Phase phase() {
        return Phase.QUEUED;
    }

    @Override
    public Duration handle(Work w) {
        return start(w, true);
    }

    /** Queued for child Job {@code next}, which is started at once when it can be. */
    Duration enqueue(Work w, ChildJob next, String message) {
        w.t().queued(next.name(), message, lifecycle.queuedUntil(w.t()));
        return start(w.next(next), false);
    }

    /** @param waited the job was Queued before this reconcile (not just now) */
    private Duration start(Work w, boolean waited) {
        PhaseTransitions t = w.t();
        VideoJobStatus s = w.status();
        ChildJob step = w.step();
        if (lifecycle.queuedTooLong(t)) {
            ErrorInfo timeout = ErrorInfo.of(FailureReason.QUEUE_TIMEOUT, s.getAttempts())
                    .withLimit(config.lifetimes().queued().toSeconds());
            return LayoutRepair.held(s) ? end.readyWithKeptVideo(w.vj(), t, timeout) : end.fail(w.vj(), t, timeout);
        }
        if (step.workload() == Workload.CODEGEN) {
            jobs.create(w.vj(), codegenJobs.create(w.vj(), step.attempt(), repairFor(s, step)));
            t.started(step);
            return config.lifecycleCheckInterval();
        }
        if (s.getCode() == null && w.vj().getSpec().getSubmissionType() == SubmissionType.DIRECT_CODE) {
            t.codeStored(
                    directCode.store(w.vj().getSpec(), new StorageLayout(s.getStoragePrefix()).code(step.attempt())));
        } else if (s.getCode() == null) {
            // a problem whose status lost the code reference (restart with a stale status): write new code
            if (RetryBudget.spent(step.attempt())) {
                return end.fail(w.vj(), t, ErrorInfo.of(FailureReason.CODE_LOST, step.attempt()));
            }
            return enqueue(
                    w,
                    Workload.CODEGEN.child(w.name(), step.attempt() + 1),
                    w.t().say(Text.of("operator.writingCodeAgain")));
        }
        RenderQueue.Admission admission = queue.admit(queue.entryOf(w.vj()), step.name());
        if (admission.held() && s.getQueuePosition() != null) {
            // a bulk deletion runs: the position only moved because jobs ahead are being deleted, so it is not
            // rewritten (thousands of status writes competing with the deletion); it is again once the line moves
            return lookAgainIn(s.getQueuePosition());
        }
        if (!admission.admitted()) {
            t.waitingForSlot(admission.position());
            return lookAgainIn(admission.position());
        }
        if (waited && !jobs.stillWanted(w.vj())) {
            // deleted since the cache was read: in a bulk deletion the slots the first ones free would otherwise go
            // to the next in line, themselves deleted a moment later, each starting a render only to stop it
            queue.release(w.vj().getMetadata().getNamespace(), step.name());
            return config.progressPollInterval();
        }
        try {
            jobs.create(
                    w.vj(),
                    renderJobs.create(w.vj(), step.attempt(), s.getCode().getObjectKey(), planParts(w)));
        } catch (RuntimeException e) {
            queue.release(w.vj().getMetadata().getNamespace(), step.name());
            throw e;
        }
        t.started(step);
        return config.progressPollInterval();
    }

    /**
     * Into how many parts the render pod may plan a long scene: the per-job maximum, no more than this render's slot
     * and those free besides it now (1: no plan, the pod renders at once, as it does for a short scene).
     */
    private int planParts(Work w) {
        int most = config.parts().maxParts();
        int free = queue.freeSlots(w.vj().getMetadata().getNamespace(), w.name());
        return config.parts().enabled() ? PartsParallelism.of(most, most, free + 1) : 1;
    }

    /**
     * A job further back in line looks again (and writes its new position) less often: it cannot start before about
     * {@code position / MAX_CONCURRENT_RENDERS} rounds of renders have ended. Every job of a long line looking every
     * poll interval rewrote thousands of positions each time the line moved, which under a bulk deletion kept the API
     * server too busy to mark the VideoJobs deleted.
     */
    private Duration lookAgainIn(int position) {
        long rounds = (position - 1L) / config.maxConcurrentRenders() + 1;
        Duration wait = config.progressPollInterval().multipliedBy(rounds);
        return wait.compareTo(config.lifecycleCheckInterval()) > 0 ? config.lifecycleCheckInterval() : wait;
    }

    /** A repair attempt is given the code that failed and why; retries after infrastructure failures are not. */
    private static CodegenJobFactory.Repair repairFor(VideoJobStatus s, ChildJob step) {
        var last = s.getLastError();
        if (step.attempt() == 1
                || last == null
                || last.getReason() == null
                || !(last.getReason().blamesCode() || last.getReason() == FailureReason.LAYOUT_SEVERE)) {
            return null;
        }
        String previousCode = s.getCode() != null
                ? s.getCode().getObjectKey()
                : new StorageLayout(s.getStoragePrefix()).code(step.attempt() - 1);
        return new CodegenJobFactory.Repair(previousCode, RepairPrompt.of(last));
    }
}
