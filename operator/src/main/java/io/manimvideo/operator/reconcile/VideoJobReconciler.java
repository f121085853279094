package io.manimvideo.operator.reconcile;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import io.manimvideo.api.Phase;
import io.manimvideo.api.SubmissionType;
import io.manimvideo.api.VideoJob;
import io.manimvideo.api.VideoJobStatus;
import io.manimvideo.api.texts.TextCatalog;
import io.manimvideo.operator.config.OperatorConfig;
import io.manimvideo.operator.events.PhaseEventRecorder;
import io.manimvideo.operator.lifecycle.LifecyclePolicy;
import io.manimvideo.operator.metrics.VideoJobMetrics;
import io.manimvideo.operator.outcome.JobOutcomeReader;
import io.manimvideo.operator.outcome.JobState;
import io.manimvideo.operator.parts.IndexedRenderJobFactory;
import io.manimvideo.operator.parts.JoinJobFactory;
import io.manimvideo.operator.queue.RenderQueue;
import io.manimvideo.operator.status.PhaseTransitions;
import io.manimvideo.operator.status.StatusWords;
import io.manimvideo.operator.storage.ArtifactStore;
import io.manimvideo.operator.workload.CodegenJobFactory;
import io.manimvideo.operator.workload.RenderJobFactory;
import io.manimvideo.operator.workload.Workload;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The VideoJob controller. Status is the truth: each reconcile reads it, takes the job one step on and
 * writes status (never spec) through {@link StatusWriter}. Annotation changes (delivery) must wake it, so it is not generation-aware.
 */
@ControllerConfiguration(name = VideoJobReconciler.NAME, generationAwareEventProcessing = false)
public class VideoJobReconciler implements Reconciler<VideoJob>, Cleaner<VideoJob> {
    public static final String NAME = "videojob";
    private static final Logger LOG = LoggerFactory.getLogger(VideoJobReconciler.class);

    private final OperatorConfig config;
    private final Clock clock;
    private final RenderQueue queue;
    private final LifecyclePolicy lifecycle;
    private final PhaseEventRecorder events;
    private final VideoJobMetrics metrics;
    private final ChildJobClient jobs;
    private final PhaseDispatcher phases;
    private final StatusWriter statusWriter;
    private final StatusWords words;
    private final VideoJobCleanup cleanup;
    private final JobOutcomeReader outcomes;

    public VideoJobReconciler(
            OperatorConfig config,
            Clock clock,
            KubernetesClient client,
            ArtifactStore store,
            WorkloadParts parts,
            RenderQueue queue,
            LifecyclePolicy lifecycle,
            PhaseEventRecorder events,
            VideoJobMetrics metrics) {
        this.config = config;
        this.clock = clock;
        this.queue = queue;
        this.lifecycle = lifecycle;
        this.events = events;
        this.metrics = metrics;
        this.jobs = new ChildJobClient(client);
        this.outcomes = parts.outcomes();
        this.statusWriter = new StatusWriter(client);
        // the catalog's English, read once: every status message and failure sentence comes from it
        this.words = new StatusWords(TextCatalog.load());
        this.phases = new PhaseDispatcher(config, store, parts, queue, lifecycle, metrics, jobs);
        this.cleanup = new VideoJobCleanup(client, store, queue, metrics, config.progressPollInterval());
    }

    /** The workload factories and outcome reader the phase handlers need. */
    public record WorkloadParts(
            RenderJobFactory renderJobs,
            CodegenJobFactory codegenJobs,
            JobOutcomeReader outcomes,
            IndexedRenderJobFactory partsJobs,
            JoinJobFactory joinJobs) {}

    @Override
    public List<EventSource<?, VideoJob>> prepareEventSources(EventSourceContext<VideoJob> context) {
        var configuration = InformerEventSourceConfiguration.from(Job.class, VideoJob.class)
                .withLabelSelector(Workload.MANAGED_BY_LABEL + "=" + Workload.MANAGED_BY)
                .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(VideoJob.class))
                .withNamespacesInheritedFromController()
                .withItemStore(PrunedStore.forJobs())
                // the Job controller updates a Job's status as its pod is created, starts and ends; the operator acts
                // only on the end (a running step is followed by timers), so only that update wakes the VideoJob
                .withOnUpdateFilter((job, previous) -> JobState.isFinished(job) != JobState.isFinished(previous))
                // nor does the Job this operator is creating: the reconcile creating it goes on (the informer can show
                // it before the create call has returned and JOSDK been told of it)
                .withOnAddFilter(job -> !jobs.isBeingCreated(job))
                .build();
        InformerEventSource<Job, VideoJob> jobSource = new InformerEventSource<>(configuration, context);
        InformerEventSource<Pod, VideoJob> podSource = podSource(context);
        jobs.attach(jobSource);
        queue.attach(HeldRenderSlots.over(jobSource, podSource, context.getPrimaryCache(), outcomes));
        return List.of(jobSource, podSource);
    }

    /**
     * The child Jobs' pods. A step ends when its pod's workload container exits 0 with its result, one to two
     * seconds before the Job controller marks the Job Complete (see {@link JobOutcomeReader#judge}); only that
     * change of a pod wakes its VideoJob. Pods carry their VideoJob's name as a label (their owner is the Job).
     */
    private static InformerEventSource<Pod, VideoJob> podSource(EventSourceContext<VideoJob> context) {
        var configuration = InformerEventSourceConfiguration.from(Pod.class, VideoJob.class)
                .withLabelSelector(Workload.MANAGED_BY_LABEL + "=" + Workload.MANAGED_BY)
                .withSecondaryToPrimaryMapper(pod -> Optional.ofNullable(
                                pod.getMetadata().getLabels().get(Workload.VIDEOJOB_LABEL))
                        .map(name ->
                                Set.of(new ResourceID(name, pod.getMetadata().getNamespace())))
                        .orElse(Set.of()))
                .withNamespacesInheritedFromController()
                .withItemStore(PrunedStore.forPods())
                .withOnAddFilter(JobOutcomeReader::exitedCleanly)
                .withOnUpdateFilter((pod, previous) ->
                        JobOutcomeReader.exitedCleanly(pod) && !JobOutcomeReader.exitedCleanly(previous))
                .withOnDeleteFilter((pod, deletedFinalStateUnknown) -> false)
                .build();
        return new InformerEventSource<>(configuration, context);
    }

    @Override
    public UpdateControl<VideoJob> reconcile(VideoJob vj, Context<VideoJob> ctx) {
        if (vj.getStatus() == null) {
            vj.setStatus(new VideoJobStatus());
        }
        String before = Serialization.asJson(vj.getStatus());
        PhaseTransitions t = new PhaseTransitions(vj, clock.instant(), words);
        VideoJobStatus s = vj.getStatus();
        t.observed();
        if (s.getPhase() == null) {
            phases.initialize(vj, t);
        }
        Optional<Duration> next;
        if (s.getPhase() == Phase.READY || s.getPhase().isTerminal()) {
            next = lifecycle.apply(vj, t);
        } else {
            next = Optional.of(phases.drive(vj, ctx, t));
        }
        publish(vj, t);
        if (next.isEmpty()) {
            return UpdateControl.noUpdate(); // the record has been deleted
        }
        Duration delay = next.get().compareTo(config.lifecycleCheckInterval()) > 0
                ? config.lifecycleCheckInterval()
                : next.get();
        if (!before.equals(Serialization.asJson(s))) {
            statusWriter.write(vj, ctx);
        }
        return UpdateControl.<VideoJob>noUpdate().rescheduleAfter(delay);
    }

    private void publish(VideoJob vj, PhaseTransitions t) {
        ResourceID id = ResourceID.fromResource(vj);
        List<PhaseTransitions.Transition> transitions = t.transitions();
        for (int i = 0; i < transitions.size(); i++) {
            PhaseTransitions.Transition transition = transitions.get(i);
            // a wait that ended in the same reconcile (Queued, then started at once) is no news: no Event for it
            if (transition.phase() != Phase.QUEUED || i == transitions.size() - 1) {
                events.record(
                        vj, transition.phase(), transition.step(), transition.reason(), transition.message(), t.now());
            }
            metrics.phase(id, transition.phase(), t.now());
            LOG.info(
                    "{}/{} -> {}: {}",
                    vj.getMetadata().getNamespace(),
                    vj.getMetadata().getName(),
                    transition.phase(),
                    transition.message());
        }
        metrics.phase(id, t.status().getPhase(), t.now());
    }

    /**
     * The store of the VideoJob informer: it lines up each VideoJob in the render queue when it is first seen
     * (in creation order, before its first reconcile), keeps it in line only while what it shows waits for a
     * render (one seen being deleted no longer does: it leaves the line at once, and no slot is handed to it), and
     * takes it out when it is gone.
     */
    public PrunedStore<VideoJob> itemStore() {
        return PrunedStore.forVideoJobs(
                vj -> {
                    if (vj.getMetadata().getDeletionTimestamp() != null && unfinished(vj)) {
                        queue.markedUnfinished(vj);
                    }
                    queue.arrived(vj, waitsForRender(vj));
                },
                vj -> {
                    queue.removed(vj);
                    statusWriter.forget(vj);
                });
    }

    /** Which updates of a VideoJob wake a reconcile: all but the echo of this operator's own status write. */
    public OnUpdateFilter<VideoJob> updateFilter() {
        return (updated, previous) -> !statusWriter.isEcho(updated, previous);
    }

    /** Not Ready nor in an end phase: it still has work ahead of it (and may hold or wait for a render slot). */
    private static boolean unfinished(VideoJob vj) {
        Phase phase = vj.getStatus() == null ? null : vj.getStatus().getPhase();
        return phase == null || (phase != Phase.READY && !phase.isTerminal());
    }

    /** In line for a render slot: direct code not started yet, or queued for a render. */
    private static boolean waitsForRender(VideoJob vj) {
        if (vj.getMetadata().getDeletionTimestamp() != null) {
            return false;
        }
        VideoJobStatus s = vj.getStatus();
        if (s == null || s.getPhase() == null) {
            return vj.getSpec() != null && vj.getSpec().getSubmissionType() == SubmissionType.DIRECT_CODE;
        }
        return s.getPhase() == Phase.QUEUED
                && s.getActiveJob() != null
                && Workload.parseName(vj.getMetadata().getName(), s.getActiveJob())
                        .map(c -> c.workload() == Workload.RENDER)
                        .orElse(false);
    }

    /** The VideoJob is being deleted: see {@link VideoJobCleanup}. */
    @Override
    public DeleteControl cleanup(VideoJob vj, Context<VideoJob> ctx) {
        return cleanup.cleanup(vj, ctx);
    }
}
