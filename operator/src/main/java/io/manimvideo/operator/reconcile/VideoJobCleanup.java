package io.manimvideo.operator.reconcile;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.manimvideo.api.Phase;
import io.manimvideo.api.VideoJob;
import io.manimvideo.api.VideoJobStatus;
import io.manimvideo.operator.metrics.VideoJobMetrics;
import io.manimvideo.operator.outcome.JobState;
import io.manimvideo.operator.queue.RenderQueue;
import io.manimvideo.operator.storage.ArtifactStore;
import io.manimvideo.operator.storage.StorageLayout;
import io.manimvideo.operator.workload.Workload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What deleting a VideoJob does before its finalizer goes: no pod may be left that could still upload, then every
 * stored object of the job is removed.
 *
 * <p>Built to be cheap and repeatable when an admin deletes thousands at once. The child Jobs are read from the
 * informer cache. A VideoJob whose child Jobs have all finished (or that has none: Ready, Failed, Queued and the
 * rest) costs no Kubernetes request at all: a finished Job has no running pod, and it and its pods are left to the garbage collector, which deletes them
 * through their ownerReferences once the VideoJob is gone. Only a Job still running is stopped: the Job and its pods
 * are deleted, and the cleanup waits (looking again every {@code recheck}) until none of its pods can still upload:
 * one never scheduled, or whose containers have all ended, cannot. It does not wait for the pods to be gone: their
 * removal is the Job controller's and the garbage collector's work, at the controller manager's pace. The objects
 * go in batched S3 deletes. Nothing here writes to the VideoJob; JOSDK removes the finalizer when it returns
 * {@link DeleteControl#defaultDelete()}.
 */
final class VideoJobCleanup {
    private static final Logger LOG = LoggerFactory.getLogger(VideoJobCleanup.class);

    private final KubernetesClient client;
    private final ArtifactStore store;
    private final RenderQueue queue;
    private final VideoJobMetrics metrics;
    private final Duration recheck;

    VideoJobCleanup(
            KubernetesClient client,
            ArtifactStore store,
            RenderQueue queue,
            VideoJobMetrics metrics,
            Duration recheck) {
        this.client = client;
        this.store = store;
        this.queue = queue;
        this.metrics = metrics;
        this.recheck = recheck;
    }

    DeleteControl cleanup(VideoJob vj, Context<VideoJob> ctx) {
        String namespace = vj.getMetadata().getNamespace();
        String name = vj.getMetadata().getName();
        VideoJobStatus s = vj.getStatus();
        if (mayHaveRunningPods(vj, ctx) && stopped(namespace, name) > 0) {
            return DeleteControl.noFinalizerRemoval().rescheduleAfter(recheck.toMillis());
        }
        String prefix = s != null && s.getStoragePrefix() != null
                ? s.getStoragePrefix()
                : StorageLayout.of(vj).prefix();
        int removed = store.deletePrefix(prefix);
        queue.forget(queue.entryOf(vj));
        if (s != null && s.getActiveJob() != null) {
            queue.release(namespace, s.getActiveJob());
        }
        metrics.forget(ResourceID.fromResource(vj));
        LOG.info("{}/{} deleted: {} stored objects removed", namespace, name, removed);
        return DeleteControl.defaultDelete();
    }

    /**
     * A child Job runs, as the cache shows it (the event source also knows a Job created a moment ago that its
     * informer has not shown yet), or the status says one was started and has not been seen to end: also after a
     * restart, and on a later look, when the stopped Job has left the cache while its pods may still run.
     */
    private static boolean mayHaveRunningPods(VideoJob vj, Context<VideoJob> ctx) {
        if (ctx.getSecondaryResourcesAsStream(Job.class).anyMatch(job -> !JobState.isFinished(job))) {
            return true;
        }
        VideoJobStatus s = vj.getStatus();
        Phase phase = s == null ? null : s.getPhase();
        return phase != null
                && !phase.isTerminal()
                && phase != Phase.READY
                && phase != Phase.QUEUED
                && s.getActiveJob() != null;
    }

    /**
     * Deletes the VideoJob's Jobs and their pods (again on a later look: deleting what is being deleted changes
     * nothing) and returns how many of its pods can still upload.
     */
    private long stopped(String namespace, String videoJob) {
        client.batch()
                .v1()
                .jobs()
                .inNamespace(namespace)
                .withLabel(Workload.VIDEOJOB_LABEL, videoJob)
                .withPropagationPolicy(DeletionPropagation.BACKGROUND)
                .delete();
        var pods = client.pods().inNamespace(namespace).withLabel(Workload.VIDEOJOB_LABEL, videoJob);
        pods.delete();
        return pods.list().getItems().stream()
                .filter(VideoJobCleanup::mayStillUpload)
                .count();
    }

    /** A pod that was scheduled and has a container that has not ended may still upload. */
    private static boolean mayStillUpload(Pod pod) {
        if (pod.getSpec().getNodeName() == null) {
            return false; // never scheduled, and a pod being deleted is not scheduled any more
        }
        PodStatus status = pod.getStatus();
        if (status == null) {
            return true;
        }
        if ("Succeeded".equals(status.getPhase()) || "Failed".equals(status.getPhase())) {
            return false;
        }
        List<ContainerStatus> containers = new ArrayList<>();
        if (status.getInitContainerStatuses() != null) {
            containers.addAll(status.getInitContainerStatuses());
        }
        if (status.getContainerStatuses() != null) {
            containers.addAll(status.getContainerStatuses());
        }
        int declared = pod.getSpec().getContainers().size()
                + (pod.getSpec().getInitContainers() == null
                        ? 0
                        : pod.getSpec().getInitContainers().size());
        return containers.size() < declared
                || containers.stream()
                        .anyMatch(c -> c.getState() == null || c.getState().getTerminated() == null);
    }
}
