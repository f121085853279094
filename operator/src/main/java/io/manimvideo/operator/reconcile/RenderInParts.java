package io.manimvideo.operator.reconcile;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.manimvideo.operator.config.OperatorConfig;
import io.manimvideo.operator.parts.IndexedRenderJobFactory;
import io.manimvideo.operator.parts.JoinJobFactory;
import io.manimvideo.operator.parts.PartsParallelism;
import io.manimvideo.operator.parts.RenderParts;
import io.manimvideo.operator.queue.RenderQueue;
import io.manimvideo.operator.workload.Workload;
import io.manimvideo.operator.workload.Workload.ChildJob;
import java.time.Duration;
import java.util.function.IntUnaryOperator;

/**
 * A long scene after its render pod planned it in parts: the parts as one Indexed Job, then the join. Both go on
 * with the render's own slot, held for this VideoJob from the step's end until the next Job exists (they do not
 * queue again, and no render further back in line takes it meanwhile), and take more pods only while slots are
 * free under {@code MAX_CONCURRENT_RENDERS}.
 */
class RenderInParts {
    private final OperatorConfig config;
    private final RenderQueue queue;
    private final IndexedRenderJobFactory partsJobs;
    private final JoinJobFactory joinJobs;
    private final JobCreator jobs;

    RenderInParts(
            OperatorConfig config,
            RenderQueue queue,
            IndexedRenderJobFactory partsJobs,
            JoinJobFactory joinJobs,
            JobCreator jobs) {
        this.config = config;
        this.queue = queue;
        this.partsJobs = partsJobs;
        this.joinJobs = joinJobs;
        this.jobs = jobs;
    }

    /** The render pod of {@code w}'s attempt planned the scene: its parts, as many at once as slots allow. */
    Duration render(Work w, RenderParts parts) {
        ChildJob step = Workload.PARTS.child(w.name(), w.step().attempt());
        String codeKey = w.status().getCode().getObjectKey();
        start(
                w,
                step,
                free -> PartsParallelism.of(parts.count(), config.parts().maxParts(), free),
                pods -> partsJobs.create(w.vj(), step.attempt(), codeKey, parts, pods));
        w.t().renderingInParts(step, parts.count());
        return config.progressPollInterval();
    }

    /** Every part of {@code w}'s Indexed Job is stored: the Job that joins them. */
    Duration join(Work w) {
        int parts =
                w.seen().parts() != null ? w.seen().parts().count() : w.status().getParts();
        ChildJob step = Workload.JOIN.child(w.name(), w.step().attempt());
        start(w, step, free -> 1, pods -> joinJobs.create(w.vj(), step.attempt(), parts));
        w.t().joiningParts(step, parts);
        return config.progressPollInterval();
    }

    private void start(Work w, ChildJob step, IntUnaryOperator podsFor, java.util.function.IntFunction<Job> job) {
        String namespace = w.vj().getMetadata().getNamespace();
        int pods = queue.continueWith(namespace, w.name(), step.name(), podsFor);
        try {
            jobs.create(w.vj(), job.apply(pods));
        } catch (RuntimeException e) {
            queue.release(namespace, step.name());
            throw e;
        }
    }
}
