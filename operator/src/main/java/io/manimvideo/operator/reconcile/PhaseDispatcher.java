package io.manimvideo.operator.reconcile;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.manimvideo.api.ErrorInfo;
import io.manimvideo.api.FailureReason;
import io.manimvideo.api.Phase;
import io.manimvideo.api.VideoJob;
import io.manimvideo.api.VideoJobStatus;
import io.manimvideo.operator.config.OperatorConfig;
import io.manimvideo.operator.lifecycle.LifecyclePolicy;
import io.manimvideo.operator.metrics.VideoJobMetrics;
import io.manimvideo.operator.queue.RenderQueue;
import io.manimvideo.operator.status.PhaseTransitions;
import io.manimvideo.operator.storage.ArtifactStore;
import io.manimvideo.operator.workload.Workload;
import io.manimvideo.operator.workload.Workload.ChildJob;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Takes a VideoJob that is new, Queued or working one step on: observe its child Job, let the handler of its
 * phase decide, which applies the change through {@link PhaseTransitions}. Every step is derived from status
 * and the Job cache, so a restart anywhere continues without a second Job or upload. Ready and the end
 * phases belong to the {@link LifecyclePolicy} (TTLs).
 */
class PhaseDispatcher {
    private final ChildJobObserver observer;
    private final RenderQueue queue;
    private final JobEnd end;
    private final NewJobHandler newJobs;
    private final Map<Phase, PhaseHandler> handlers = new EnumMap<>(Phase.class);

    PhaseDispatcher(
            OperatorConfig config,
            ArtifactStore store,
            VideoJobReconciler.WorkloadParts parts,
            RenderQueue queue,
            LifecyclePolicy lifecycle,
            VideoJobMetrics metrics,
            ChildJobClient jobs) {
        this.observer = new ChildJobObserver(jobs, parts.outcomes(), store);
        this.queue = queue;
        this.end = new JobEnd(lifecycle, queue, metrics);
        this.newJobs = new NewJobHandler(lifecycle, end);
        QueuedHandler queued = new QueuedHandler(
                config, lifecycle, queue, new DirectCode(store), parts.codegenJobs(), parts.renderJobs(), jobs, end);
        RetryBudget retries = new RetryBudget(queued, end, metrics, store::answers);
        RenderInParts inParts = new RenderInParts(config, queue, parts.partsJobs(), parts.joinJobs(), jobs);
        for (PhaseHandler handler : List.of(
                queued,
                new AiGeneratingHandler(config, queued, retries),
                new CodeValidatingHandler(config, retries, inParts),
                new RenderingHandler(config, retries, inParts),
                new UploadingHandler(config, queued, end, retries, inParts, metrics))) {
            handlers.put(handler.phase(), handler);
        }
    }

    /** First sight of a VideoJob: Queued for its first child Job, or Failed. */
    void initialize(VideoJob vj, PhaseTransitions t) {
        newJobs.accept(vj, t);
    }

    /** Takes a Queued or working job one step on; returns when to look again. */
    Duration drive(VideoJob vj, Context<VideoJob> ctx, PhaseTransitions t) {
        VideoJobStatus s = t.status();
        Optional<ChildJob> current = observer.currentStep(vj, ctx, s.getActiveJob());
        if (current.isEmpty()) {
            return end.fail(vj, t, ErrorInfo.of(FailureReason.STEP_LOST, s.getAttempts()));
        }
        ChildJob step = current.get();
        if (!step.name().equals(s.getActiveJob())) {
            t.followed(step.name());
        }
        Observation seen = observer.observe(vj, ctx, step, s.getPhase().isActive());
        if (seen.state() != Observation.State.NOT_STARTED && !runsIn(step, s.getPhase())) {
            // the Job exists but the status does not say so yet (written before a restart): adopt it
            queue.forget(queue.entryOf(vj));
            t.started(step);
        }
        return handlers.get(s.getPhase()).handle(new Work(vj, t, seen));
    }

    /** Whether {@code phase} is one in which {@code step}'s Job runs. */
    private static boolean runsIn(ChildJob step, Phase phase) {
        return phase.isActive() && (step.workload() == Workload.CODEGEN) == (phase == Phase.AI_GENERATING);
    }
}
