package io.manimvideo.operator.reconcile;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.manimvideo.api.ErrorInfo;
import io.manimvideo.api.FailureReason;
import io.manimvideo.api.VideoJob;
import io.manimvideo.operator.outcome.JobOutcome;
import io.manimvideo.operator.outcome.JobOutcomeReader;
import io.manimvideo.operator.storage.ArtifactStore;
import io.manimvideo.operator.storage.StorageLayout;
import io.manimvideo.operator.workload.RenderProgress;
import io.manimvideo.operator.workload.Workload;
import io.manimvideo.operator.workload.Workload.ChildJob;
import java.util.Optional;

/**
 * Looks at a VideoJob's child Jobs and their pods (informer caches first) and a running render's progress; changes
 * nothing. Whether a step has ended is {@link JobOutcomeReader#judge}'s to say.
 */
class ChildJobObserver {
    private final ChildJobClient jobs;
    private final JobOutcomeReader outcomes;
    private final ArtifactStore store;

    ChildJobObserver(ChildJobClient jobs, JobOutcomeReader outcomes, ArtifactStore store) {
        this.jobs = jobs;
        this.outcomes = outcomes;
        this.store = store;
    }

    /**
     * The child Job the VideoJob is on: the one {@code activeJob} names, or a newer owned Job (a status written
     * before a restart may trail the Jobs). Empty when neither names a child Job of this VideoJob.
     */
    Optional<ChildJob> currentStep(VideoJob vj, Context<VideoJob> ctx, String activeJob) {
        Optional<ChildJob> newest = ctx.getSecondaryResourcesAsStream(Job.class)
                .map(Workload::of)
                .flatMap(Optional::stream)
                .max(Workload.ORDER);
        Optional<ChildJob> current = Workload.parseName(vj.getMetadata().getName(), activeJob);
        if (newest.isPresent() && (current.isEmpty() || Workload.ORDER.compare(newest.get(), current.get()) > 0)) {
            return newest;
        }
        return current;
    }

    /**
     * The state of {@code step}'s Job. A Job the status says was started ({@code started}) that is gone counts as
     * an infrastructure failure.
     */
    Observation observe(VideoJob vj, Context<VideoJob> ctx, ChildJob step, boolean started) {
        Optional<Job> job = jobs.find(vj, ctx, step.name(), started);
        if (job.isEmpty()) {
            return started
                    ? Observation.finished(
                            step,
                            JobOutcome.infrastructure(ErrorInfo.of(FailureReason.INFRASTRUCTURE, null)
                                    .withName(step.workload().label())
                                    .withDetail("its Job disappeared before it finished")))
                    : Observation.notStarted(step);
        }
        Optional<JobOutcome> ended = outcomes.judge(job.get(), step.workload(), ctx.getSecondaryResources(Pod.class));
        if (ended.isPresent()) {
            return Observation.finished(step, ended.get());
        }
        if (step.workload() != Workload.RENDER) {
            return Observation.running(step, null);
        }
        String key = new StorageLayout(vj.getStatus().getStoragePrefix()).progress(step.attempt());
        return Observation.running(
                step, store.readText(key).flatMap(RenderProgress::parse).orElse(null));
    }
}
