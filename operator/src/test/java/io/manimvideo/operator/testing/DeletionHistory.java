package io.manimvideo.operator.testing;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.manimvideo.api.VideoJob;
import io.manimvideo.operator.workload.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the API server did to VideoJobs and their child Jobs while they were deleted, read from its watch streams
 * (not from any log): when each VideoJob was marked for deletion, and what was written to it or created for it after
 * that. Moments are etcd revisions (the resourceVersion of each event), which order all writes of one control plane.
 */
public final class DeletionHistory implements AutoCloseable {
    private final Map<String, Long> markedAt = new ConcurrentHashMap<>();
    private final Map<String, String> lastStatus = new ConcurrentHashMap<>();
    private final List<String> statusWrittenAfterMark = new ArrayList<>();
    /** Every status change seen after a VideoJob was first shown: its VideoJob and revision. */
    private final List<Written> statusWrites = new ArrayList<>();
    /** Each child Job seen created: its VideoJob and the revision of its creation. */
    private final Map<String, Created> jobsCreated = new ConcurrentHashMap<>();

    private final KubernetesClient client;
    private final Watch videoJobs;
    private final Watch jobs;

    /** Starts watching the namespace's VideoJobs and Jobs (the ones there now arrive as ADDED first). */
    public DeletionHistory(KubernetesClient client, String namespace) {
        this.client = client;
        this.videoJobs = client.resources(VideoJob.class).inNamespace(namespace).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, VideoJob vj) {
                videoJob(action, vj);
            }

            @Override
            public void onClose(WatcherException cause) {}
        });
        this.jobs = client.batch().v1().jobs().inNamespace(namespace).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Job job) {
                String owner = job.getMetadata().getLabels() == null
                        ? null
                        : job.getMetadata().getLabels().get(Workload.VIDEOJOB_LABEL);
                if (action == Action.ADDED && owner != null) {
                    jobsCreated.putIfAbsent(
                            job.getMetadata().getName(),
                            new Created(owner, revision(job.getMetadata().getResourceVersion())));
                }
            }

            @Override
            public void onClose(WatcherException cause) {}
        });
    }

    private synchronized void videoJob(Watcher.Action action, VideoJob vj) {
        String name = vj.getMetadata().getName();
        long revision = revision(vj.getMetadata().getResourceVersion());
        String status = client.getKubernetesSerialization().asJson(vj.getStatus());
        String before = lastStatus.put(name, status);
        if (before != null && !Objects.equals(before, status)) {
            statusWrites.add(new Written(name, revision));
        }
        if (vj.getMetadata().getDeletionTimestamp() == null || action == Watcher.Action.DELETED) {
            return;
        }
        Long marked = markedAt.putIfAbsent(name, revision);
        if (marked != null && !Objects.equals(before, status)) {
            statusWrittenAfterMark.add(name + " at revision " + revision + " (marked at " + marked + ")");
        }
    }

    private record Created(String videoJob, long revision) {}

    private record Written(String videoJob, long revision) {}

    /** The revision at which the first VideoJob was marked: the deletion began. */
    private long firstMark() {
        return markedAt.values().stream().mapToLong(Long::longValue).min().orElse(Long.MAX_VALUE);
    }

    /**
     * Status writes to any VideoJob, marked or not yet, once the deletion began (the first VideoJob was marked): the
     * operator's writes competing with the deletion.
     */
    public synchronized List<String> statusWrittenDuringDeletion() {
        long first = firstMark();
        return statusWrites.stream()
                .filter(w -> w.revision() > first)
                .map(w -> w.videoJob() + " at revision " + w.revision() + " (deletion began at " + first + ")")
                .toList();
    }

    /** Child Jobs created for any VideoJob, marked or not yet, once the deletion began. */
    public synchronized List<String> jobCreatedDuringDeletion() {
        long first = firstMark();
        return jobsCreated.entrySet().stream()
                .filter(e -> e.getValue().revision() > first)
                .map(e -> e.getKey() + " at revision " + e.getValue().revision() + " (deletion began at " + first + ")")
                .toList();
    }

    /** VideoJobs seen marked for deletion. */
    public int marked() {
        return markedAt.size();
    }

    /** Status writes to a VideoJob after it was marked for deletion. */
    public synchronized List<String> statusWrittenAfterMark() {
        return List.copyOf(statusWrittenAfterMark);
    }

    /** Child Jobs created after their VideoJob was marked for deletion (the two watches are not in step: ask last). */
    public synchronized List<String> jobCreatedAfterMark() {
        List<String> late = new ArrayList<>();
        jobsCreated.forEach((job, created) -> {
            Long marked = markedAt.get(created.videoJob());
            if (marked != null && created.revision() > marked) {
                late.add(job + " at revision " + created.revision() + " (" + created.videoJob() + " marked at " + marked
                        + ")");
            }
        });
        return late;
    }

    private static long revision(String resourceVersion) {
        return Long.parseLong(resourceVersion);
    }

    @Override
    public void close() {
        videoJobs.close();
        jobs.close();
    }
}
