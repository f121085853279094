package io.manimvideo.operator.reconcile;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.manimvideo.api.VideoJob;
import io.manimvideo.api.VideoJobStatus;
import io.manimvideo.api.workload.WorkloadResult;
import io.manimvideo.operator.outcome.JobOutcomeReader;
import io.manimvideo.operator.outcome.JobState;
import io.manimvideo.operator.parts.RenderPods;
import io.manimvideo.operator.queue.RenderQueue;
import io.manimvideo.operator.workload.Workload;
import io.manimvideo.operator.workload.Workload.ChildJob;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The render slots taken under {@code MAX_CONCURRENT_RENDERS}, as the informers' caches of Jobs, pods and VideoJobs
 * show them (what {@link RenderQueue} counts). A slot is taken:
 *
 * <ul>
 *   <li>by each pod a render-image Job (render, parts, join) may still run ({@link RenderPods#stillToRun}): a pod
 *       that exited 0 frees its slot at its exit, not a second or two later when the Job controller marks the Job
 *       Complete (the step is judged at that exit too, {@link JobOutcomeReader#judge});
 *   <li>between two steps of one render, by the VideoJob whose step has ended and is followed by another render Job:
 *       a render pod that planned the scene (its parts follow), and a parts Job that is done with a join Job to
 *       follow (one made before its last part joined the parts itself). The slot passes from the one step to the
 *       next with no moment free, whether the operator gets to the ended step
 *       before or after the Job controller marks its Job Complete, and across an operator restart. Until the
 *       VideoJob's status names the next Job it is counted twice (here and as the queue's reservation of the next
 *       Job): for a moment one slot too many is taken, never one too few.
 * </ul>
 */
final class HeldRenderSlots implements RenderQueue.JobCache {
    private static final String RUNNING_RENDERS = "running-renders";
    private static final String RENDERS_BY_NAME = "renders-by-name";
    private static final String PODS_BY_JOB = "pods-by-job";
    private static final String ON_RENDER_STEP = "on-render-step";
    private static final String ALL = "all";

    private final InformerEventSource<Job, VideoJob> jobs;
    private final InformerEventSource<Pod, VideoJob> pods;
    private final IndexerResourceCache<VideoJob> videoJobs;
    private final JobOutcomeReader outcomes;

    private HeldRenderSlots(
            InformerEventSource<Job, VideoJob> jobs,
            InformerEventSource<Pod, VideoJob> pods,
            IndexerResourceCache<VideoJob> videoJobs,
            JobOutcomeReader outcomes) {
        this.jobs = jobs;
        this.pods = pods;
        this.videoJobs = videoJobs;
        this.outcomes = outcomes;
    }

    /** Counts over these caches, and adds to each the index it reads (before the informers start). */
    static HeldRenderSlots over(
            InformerEventSource<Job, VideoJob> jobs,
            InformerEventSource<Pod, VideoJob> pods,
            IndexerResourceCache<VideoJob> videoJobs,
            JobOutcomeReader outcomes) {
        jobs.addIndexers(Map.of(
                RUNNING_RENDERS,
                        job -> Workload.of(job)
                                .filter(c -> c.workload().isRender() && !JobState.isFinished(job))
                                .map(c -> List.of(ALL))
                                .orElse(List.of()),
                RENDERS_BY_NAME,
                        job -> Workload.of(job)
                                .filter(c -> c.workload().isRender())
                                .map(c -> List.of(key(job.getMetadata().getNamespace(), c.name())))
                                .orElse(List.of())));
        pods.addIndexers(Map.of(
                PODS_BY_JOB,
                pod -> Optional.ofNullable(pod.getMetadata().getLabels())
                        .map(labels -> labels.get(JobOutcomeReader.JOB_NAME_LABEL))
                        .map(job -> List.of(key(pod.getMetadata().getNamespace(), job)))
                        .orElse(List.of())));
        videoJobs.addIndexers(Map.of(
                ON_RENDER_STEP,
                vj -> renderStep(vj)
                        .map(step -> List.of(
                                ALL,
                                key(
                                        vj.getMetadata().getNamespace(),
                                        vj.getMetadata().getName())))
                        .orElse(List.of())));
        return new HeldRenderSlots(jobs, pods, videoJobs, outcomes);
    }

    @Override
    public int heldSlots() {
        int held = 0;
        for (Job job : jobs.byIndex(RUNNING_RENDERS, ALL)) {
            held += RenderPods.stillToRun(job, podsOf(job));
        }
        for (VideoJob vj : videoJobs.byIndex(ON_RENDER_STEP, ALL)) {
            held += heldBetweenSteps(vj);
        }
        return held;
    }

    @Override
    public int heldBetweenSteps(String namespace, String videoJob) {
        return videoJobs.byIndex(ON_RENDER_STEP, key(namespace, videoJob)).stream()
                .mapToInt(this::heldBetweenSteps)
                .sum();
    }

    @Override
    public boolean exists(String namespace, String name) {
        return jobs.get(new ResourceID(name, namespace)).isPresent();
    }

    @Override
    public boolean counted(String namespace, String name) {
        return !jobs.byIndex(RENDERS_BY_NAME, key(namespace, name)).isEmpty();
    }

    /**
     * 1 while {@code vj}'s render step has ended in another render Job to come: its render pod exited 0 with a plan
     * (or the Job is Complete and its pod's result not seen yet), or its parts Job is done. 0 while the step's pods
     * still run (they are counted themselves), once it failed, or when nothing follows it (a video made).
     */
    private int heldBetweenSteps(VideoJob vj) {
        Optional<ChildJob> step = renderStep(vj);
        Optional<Job> job = step.flatMap(
                s -> jobs.get(new ResourceID(s.name(), vj.getMetadata().getNamespace())));
        if (job.isEmpty() || JobState.failed(job.get())) {
            return 0;
        }
        List<Pod> itsPods = podsOf(job.get());
        if (RenderPods.stillToRun(job.get(), itsPods) > 0) {
            return 0;
        }
        boolean goesOn =
                switch (step.get().workload()) {
                    case RENDER ->
                        outcomes.cleanResult(job.get(), itsPods)
                                .map(WorkloadResult::isPlannedInParts)
                                .orElse(true);
                    case PARTS -> JobOutcomeReader.resultIndex(job.get()).isEmpty(); // else its last part joined
                    default -> false;
                };
        return goesOn ? 1 : 0;
    }

    /** The render-image Job {@code vj}'s status names while it renders (not while it waits in line). */
    private static Optional<ChildJob> renderStep(VideoJob vj) {
        VideoJobStatus s = vj.getStatus();
        if (s == null || s.getPhase() == null || !s.getPhase().isActive()) {
            return Optional.empty();
        }
        return Workload.parseName(vj.getMetadata().getName(), s.getActiveJob())
                .filter(c -> c.workload().isRender());
    }

    private List<Pod> podsOf(Job job) {
        return pods
                .byIndex(
                        PODS_BY_JOB,
                        key(job.getMetadata().getNamespace(), job.getMetadata().getName()))
                .stream()
                .filter(p -> JobOutcomeReader.ownedBy(p, job))
                .toList();
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }
}
