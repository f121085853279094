package io.manimvideo.operator.reconcile;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.manimvideo.api.ErrorInfo;
import io.manimvideo.api.FailureReason;
import io.manimvideo.api.Phase;
import io.manimvideo.api.VideoJob;
import io.manimvideo.api.workload.WorkloadResultCodec;
import io.manimvideo.operator.outcome.JobOutcome;
import io.manimvideo.operator.outcome.JobOutcome.Verdict;
import io.manimvideo.operator.outcome.JobOutcomeReader;
import io.manimvideo.operator.parts.PartsProgress;
import io.manimvideo.operator.parts.RenderParts;
import io.manimvideo.operator.storage.ArtifactStore;
import io.manimvideo.operator.storage.StorageLayout;
import io.manimvideo.operator.workload.RenderProgress;
import io.manimvideo.operator.workload.Workload;
import io.manimvideo.operator.workload.Workload.ChildJob;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Looks at a VideoJob's child Jobs and their pods (informer caches first) and a running render's progress; changes
 * nothing. Whether a step has ended is {@link JobOutcomeReader#judge}'s to say.
 */
class ChildJobObserver {
    private final ChildJobClient jobs;
    private final JobOutcomeReader outcomes;
    private final ArtifactStore store;
    private final StoredRender stored;

    ChildJobObserver(ChildJobClient jobs, JobOutcomeReader outcomes, ArtifactStore store) {
        this.jobs = jobs;
        this.outcomes = outcomes;
        this.store = store;
        this.stored = new StoredRender(store, new WorkloadResultCodec());
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
     * an infrastructure failure. A render or a join that failed after storing its result and video (its pod lost
     * late) has succeeded: see {@link StoredRender}.
     */
    Observation observe(VideoJob vj, Context<VideoJob> ctx, ChildJob step, boolean started) {
        Optional<Job> job = jobs.find(vj, ctx, step.name(), started);
        if (job.isEmpty()) {
            return started
                    ? finished(
                            vj,
                            step,
                            JobOutcome.infrastructure(ErrorInfo.of(FailureReason.INFRASTRUCTURE, null)
                                    .withName(step.workload().label())
                                    .withDetail("its Job disappeared before it finished")))
                    : Observation.notStarted(step);
        }
        Optional<RenderParts> plan = step.workload() == Workload.PARTS ? RenderParts.of(job.get()) : Optional.empty();
        boolean joined = JobOutcomeReader.resultIndex(job.get()).isPresent();
        Optional<JobOutcome> ended = outcomes.judge(job.get(), step.workload(), ctx.getSecondaryResources(Pod.class));
        if (ended.isPresent()) {
            Observation seen = finished(vj, step, ended.get());
            return plan.map(p -> seen.withParts(p, joined)).orElse(seen);
        }
        if (!step.workload().isRender()) {
            return Observation.running(step, null);
        }
        StorageLayout layout = new StorageLayout(vj.getStatus().getStoragePrefix());
        if (plan.isPresent()) {
            return Observation.running(step, progressOf(layout, step.attempt(), plan.get()))
                    .withParts(plan.get(), joined);
        }
        return Observation.running(step, read(layout.progress(step.attempt())));
    }

    /** One figure over all parts, each weighted by its share of the plan's estimate; null before any report. */
    private RenderProgress progressOf(StorageLayout layout, int attempt, RenderParts plan) {
        List<RenderProgress> reports = IntStream.range(0, plan.count())
                .mapToObj(i -> read(layout.partProgress(attempt, i)))
                .toList();
        if (reports.stream().allMatch(Objects::isNull)) {
            return null;
        }
        return new RenderProgress(Phase.RENDERING, PartsProgress.of(plan, reports));
    }

    private RenderProgress read(String key) {
        return store.readText(key).flatMap(RenderProgress::parse).orElse(null);
    }

    private Observation finished(VideoJob vj, ChildJob step, JobOutcome outcome) {
        // the render and the join store the video (the join of a render in parts: the joined one) with its result
        if (outcome.verdict() == Verdict.SUCCEEDED
                || (step.workload() != Workload.RENDER && step.workload() != Workload.JOIN)) {
            return Observation.finished(step, outcome);
        }
        return Observation.finished(step, stored.finished(vj, step.attempt()).orElse(outcome));
    }
}
